package dev.hesse.processor.emit;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.hesse.processor.ad.Linearize;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Assembles {@code CDerivatives}: for each {@code @Differentiable} method of {@code C}, its gradient and, where the
 * method has exactly one differentiable {@code double[]}, an {@code Objective} factory.
 */
public final class DerivativesClass {
  private static final ClassName OBJECTIVE = ClassName.get("dev.hesse", "Objective");
  private static final ClassName HESSIAN_OPERATOR = ClassName.get("dev.hesse", "HessianOperator");
  private static final ClassName LENGTHS = ClassName.get("dev.hesse.support", "Lengths");
  /** Names the linearised operator's code uses besides the method's own variables. */
  private static final Set<String> OPERATOR_NAMES = Set.of("tape", "tapePosition", "self");

  /** What the emitter needs to know about one annotated method besides its IR. */
  public record Source(
      Function original,
      Function desugared,
      Function gradient,
      Function hvp,
      Function directional,
      Optional<Linearize.Parts> linearized,
      ClassName owner,
      boolean isStatic,
      boolean callable,
      String signatureForDocs) {}

  private final ClassName name;
  private final ClassName owner;
  private final boolean isPublic;
  private final String generatorName;
  private final boolean generatedAnnotationAvailable;
  private final List<MethodSpec> methods = new ArrayList<>();

  public DerivativesClass(
      ClassName name, ClassName owner, boolean isPublic, String generatorName, boolean generatedAvailable) {
    this.name = name;
    this.owner = owner;
    this.isPublic = isPublic;
    this.generatorName = generatorName;
    this.generatedAnnotationAvailable = generatedAvailable;
  }

  /** The class that Hesse generates for {@code owner}: nested classes are flattened with '_'. */
  public static ClassName nameFor(ClassName owner) {
    return ClassName.get(owner.packageName(), String.join("_", owner.simpleNames()) + "Derivatives");
  }

  public static TypeName javaType(Type t) {
    switch (t) {
      case DOUBLE:
        return TypeName.DOUBLE;
      case INT:
        return TypeName.INT;
      case LONG:
        return TypeName.LONG;
      case BOOLEAN:
        return TypeName.BOOLEAN;
      case DOUBLE_ARRAY:
        return ArrayTypeName.of(TypeName.DOUBLE);
      case INT_ARRAY:
        return ArrayTypeName.of(TypeName.INT);
      case LONG_ARRAY:
        return ArrayTypeName.of(TypeName.LONG);
      case BOOLEAN_ARRAY:
        return ArrayTypeName.of(TypeName.BOOLEAN);
      case DOUBLE_MATRIX:
        return ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE));
      case INT_MATRIX:
        return ArrayTypeName.of(ArrayTypeName.of(TypeName.INT));
      default:
        throw new IllegalArgumentException(t.toString());
    }
  }

  /** Generated method signatures (name and parameter types), for clash detection before anything is written. */
  public static List<String> signatures(Source s) {
    List<String> out = new ArrayList<>();
    String receiver = s.isStatic() ? "" : s.owner().canonicalName() + ",";
    StringBuilder grad = new StringBuilder(s.gradient().name()).append('(').append(receiver);
    for (Function.Parameter p : s.gradient().parameters()) {
      grad.append(p.variable().type().javaName()).append(',');
    }
    out.add(grad.append(')').toString());
    for (Function derived : List.of(s.hvp(), s.directional())) {
      StringBuilder sig = new StringBuilder(derived.name()).append('(').append(receiver);
      for (Function.Parameter p : derived.parameters()) {
        sig.append(p.variable().type().javaName()).append(',');
      }
      out.add(sig.append(')').toString());
    }
    if (objectiveParameter(s.original()) != null) {
      StringBuilder factory = new StringBuilder(s.original().name()).append('(').append(receiver);
      for (Function.Parameter p : s.original().parameters()) {
        if (!p.differentiable()) {
          factory.append(p.variable().type().javaName()).append(',');
        }
      }
      out.add(factory.append(')').toString());
    }
    return out;
  }

  /** The one differentiable double[] parameter, if that is the only differentiable parameter. */
  private static Variable objectiveParameter(Function f) {
    Variable found = null;
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        if (found != null || p.variable().type() != Type.DOUBLE_ARRAY) {
          return null;
        }
        found = p.variable();
      }
    }
    return found;
  }

  public void add(Source s) {
    methods.add(
        derivativeMethod(
            s,
            s.gradient(),
            CodeBlock.of(
                "Returns {@link $T#$L} and writes its gradient into {@code gradOut}: the derivatives with respect to"
                    + " $L, in that order.\n",
                s.owner(),
                s.signatureForDocs(),
                differentiableList(s.original())),
            List.of("gradOut")));
    methods.add(
        derivativeMethod(
            s,
            s.hvp(),
            CodeBlock.of(
                "Returns {@link $T#$L} and writes the Hessian-vector product H·v into {@code hvOut}. {@code v} and"
                    + " {@code hvOut} are laid out like the gradient: $L, in that order.\n\n<p>Forward over reverse:"
                    + " the tangent along {@code v} of the gradient's code, exact to rounding, never forming H.\n",
                s.owner(),
                s.signatureForDocs(),
                differentiableList(s.original())),
            List.of("v", "hvOut")));
    methods.add(
        derivativeMethod(
            s,
            s.directional(),
            CodeBlock.of(
                "Returns the directional derivative ∇f·v of {@link $T#$L} by one forward-mode sweep. {@code v} is laid"
                    + " out like the gradient: $L, in that order.\n",
                s.owner(),
                s.signatureForDocs(),
                differentiableList(s.original())),
            List.of("v")));
    s.linearized().ifPresent(parts -> addHessianAt(s, parts));
    Variable x = objectiveParameter(s.original());
    if (x != null) {
      if (!s.callable()) {
        methods.add(valueMethod(s));
      }
      methods.add(objectiveFactory(s, x));
    }
  }

  /**
   * A generated derivative method: the original parameters (receiver first for instance methods), then the arrays
   * named in {@code checkedArrays}, each checked to have one slot per differentiable input.
   */
  private MethodSpec derivativeMethod(Source s, Function fn, CodeBlock javadoc, List<String> checkedArrays) {
    List<Variable> params = new ArrayList<>();
    for (Function.Parameter p : fn.parameters()) {
      params.add(p.variable());
    }
    MethodEmitter emitter = new MethodEmitter(params, s.isStatic() ? Set.of() : Set.of("self"));
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(fn.name())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addJavadoc(javadoc);
    if (!s.isStatic()) {
      m.addParameter(s.owner(), "self");
    }
    for (Variable p : params) {
      m.addParameter(ParameterSpec.builder(javaType(p.type()), emitter.name(p)).build());
    }
    int first = params.size() - checkedArrays.size();
    for (int k = 0; k < checkedArrays.size(); k++) {
      m.addCode(lengthCheck(s.original(), emitter, emitter.name(params.get(first + k))));
    }
    m.addCode(emitter.body(fn.body()));
    return m.build();
  }

  private static String differentiableList(Function f) {
    List<String> names = new ArrayList<>();
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        names.add("{@code " + p.variable().name() + "}" + (p.variable().type().isArray() ? " (each element)" : ""));
      }
    }
    return String.join(", ", names);
  }

  private static CodeBlock lengthCheck(Function f, MethodEmitter emitter, String gradOut) {
    List<String> terms = new ArrayList<>();
    int scalars = 0;
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        if (p.variable().type() == Type.DOUBLE) {
          scalars++;
        } else {
          terms.add(emitter.name(p.variable()) + ".length");
        }
      }
    }
    if (scalars > 0 || terms.isEmpty()) {
      terms.add(Integer.toString(scalars));
    }
    String expected = String.join(" + ", terms);
    return CodeBlock.builder()
        .addStatement("$T.check($L, $L, $S, $S)", LENGTHS, gradOut, expected, gradOut, f.name())
        .build();
  }

  private String hessianAtName(Source s) {
    return s.original().name() + "HessianAt";
  }

  private static String hvpNoValueName(Source s) {
    return s.original().name() + "HvpNoValue";
  }

  /** Whether a linearised operator's recording phase records anything (else its replay needs no tape). */
  private static boolean taped(Source s) {
    return s.linearized().isPresent() && records(s.linearized().get().record().body());
  }

  private static boolean records(List<Stmt> stmts) {
    for (Stmt st : stmts) {
      if (st instanceof Stmt.Record
          || st instanceof Stmt.If i && (records(i.then()) || records(i.otherwise()))
          || st instanceof Stmt.Loop l && (records(l.body()) || records(l.update()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code mHessianAt(<params>)}: H at one point as a {@code HessianOperator}. Creating it runs the recording phase
   * once (value, gradient and every v-independent partial, onto a tape); each {@code apply} runs only the replaying
   * phase.
   */
  private void addHessianAt(Source s, Linearize.Parts parts) {
    Function original = s.original();
    List<Variable> params = new ArrayList<>();
    original.parameters().forEach(p -> params.add(p.variable()));
    MethodEmitter recordEmitter = new MethodEmitter(params, OPERATOR_NAMES);
    recordEmitter.useTape("tape", "tapePosition");
    List<Variable> replayParams = new ArrayList<>();
    parts.replay().parameters().forEach(p -> replayParams.add(p.variable()));
    MethodEmitter replayEmitter = new MethodEmitter(replayParams, OPERATOR_NAMES);
    replayEmitter.useTape("tape", "tapePosition");
    String vName = replayEmitter.name(replayParams.get(replayParams.size() - 2));
    String hvOutName = replayEmitter.name(replayParams.get(replayParams.size() - 1));

    boolean taped = records(parts.record().body());
    MethodSpec noValueMethod = null;
    MethodSpec.Builder applyBuilder =
        MethodSpec.methodBuilder("apply")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(double[].class, vName)
            .addParameter(double[].class, hvOutName);
    if (taped) {
      applyBuilder
          .addCode(lengthCheck(original, replayEmitter, vName))
          .addCode(lengthCheck(original, replayEmitter, hvOutName))
          .addStatement("int tapePosition = 0")
          .addCode(replayEmitter.body(parts.replay().body()));
    } else {
      // Nothing to record: the replay recomputes everything from the parameters, so it is a static method of its
      // own, which Objective.hvp calls too (an HVP without the value).
      MethodSpec.Builder noValue =
          MethodSpec.methodBuilder(hvpNoValueName(s))
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .addJavadoc(
                  "H·v of {@link $T#$L} without its value, for {@code Objective.hvp} and {@code $L}: the same"
                      + " products as\n{@code $L}.\n",
                  s.owner(),
                  s.signatureForDocs(),
                  hessianAtName(s),
                  s.hvp().name());
      List<String> callArgs = new ArrayList<>();
      if (!s.isStatic()) {
        noValue.addParameter(s.owner(), "self");
        callArgs.add("self");
      }
      for (Variable p : replayParams) {
        noValue.addParameter(javaType(p.type()), replayEmitter.name(p));
        callArgs.add(replayEmitter.name(p));
      }
      noValue
          .addCode(lengthCheck(original, replayEmitter, vName))
          .addCode(lengthCheck(original, replayEmitter, hvOutName))
          .addCode(replayEmitter.body(parts.replay().body()));
      noValueMethod = noValue.build();
      applyBuilder.addStatement("$L($L)", hvpNoValueName(s), String.join(", ", callArgs));
    }
    MethodSpec apply = applyBuilder.build();
    TypeSpec operator =
        TypeSpec.anonymousClassBuilder("").addSuperinterface(HESSIAN_OPERATOR).addMethod(apply).build();

    String copied = hessianAtName(s) + "OfCopies";
    MethodSpec.Builder recording =
        MethodSpec.methodBuilder(copied)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(HESSIAN_OPERATOR);
    MethodSpec.Builder factory =
        MethodSpec.methodBuilder(hessianAtName(s))
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(HESSIAN_OPERATOR)
            .addJavadoc(
                "The Hessian of {@link $T#$L} at one point, as an operator for many products there: creating it"
                    + " records\nthe gradient sweep and the partial derivatives once; each {@code apply(v, hvOut)}"
                    + " then runs only\nthe tangent sweep. Differentiable arrays are copied; the operator is"
                    + " thread-safe.\n",
                s.owner(),
                s.signatureForDocs());
    List<String> args = new ArrayList<>();
    if (!s.isStatic()) {
      recording.addParameter(ParameterSpec.builder(s.owner(), "self").addModifiers(Modifier.FINAL).build());
      factory.addParameter(s.owner(), "self");
      args.add("self");
    }
    for (Function.Parameter p : original.parameters()) {
      String name = recordEmitter.name(p.variable());
      TypeName type = javaType(p.variable().type());
      recording.addParameter(ParameterSpec.builder(type, name).addModifiers(Modifier.FINAL).build());
      factory.addParameter(type, name);
      args.add(p.differentiable() && p.variable().type().isArray() ? name + ".clone()" : name);
    }
    if (taped) {
      recording
          .addStatement("final $T tape = new $T()", MethodEmitter.DOUBLE_STACK, MethodEmitter.DOUBLE_STACK)
          .addCode(recordEmitter.body(parts.record().body()));
    }
    recording.addStatement("return $L", operator);
    factory.addStatement("return $L($L)", copied, String.join(", ", args));
    methods.add(factory.build());
    methods.add(recording.build());
    if (noValueMethod != null) {
      methods.add(noValueMethod);
    }
  }

  /** A copy of a private method's computation, since the generated class cannot call it. */
  private MethodSpec valueMethod(Source s) {
    Function f = s.desugared();
    List<Variable> params = new ArrayList<>();
    for (Function.Parameter p : f.parameters()) {
      params.add(p.variable());
    }
    MethodEmitter emitter = new MethodEmitter(params, Set.of("self"));
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(f.name() + "Value")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(TypeName.DOUBLE)
            .addJavadoc("The value of private method {@code $L}, which this class cannot call.\n", f.name());
    if (!s.isStatic()) {
      m.addParameter(s.owner(), "self");
    }
    for (Variable p : params) {
      m.addParameter(javaType(p.type()), emitter.name(p));
    }
    return m.addCode(emitter.body(f.body())).build();
  }

  private MethodSpec objectiveFactory(Source s, Variable x) {
    Function f = s.original();
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(f.name())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(OBJECTIVE)
            .addJavadoc(
                "{@link $T#$L} as an {@link $T} of {@code $L}, with its other parameters fixed to the given values."
                    + "\nArrays are not copied: the objective sees later changes to them.\n",
                s.owner(),
                s.signatureForDocs(),
                OBJECTIVE,
                x.name());
    List<String> callArgs = new ArrayList<>();
    if (!s.isStatic()) {
      m.addParameter(ParameterSpec.builder(s.owner(), "self").addModifiers(Modifier.FINAL).build());
    }
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        callArgs.add("point");
      } else {
        m.addParameter(
            ParameterSpec.builder(javaType(p.variable().type()), p.variable().name())
                .addModifiers(Modifier.FINAL)
                .build());
        callArgs.add(p.variable().name());
      }
    }
    String args = String.join(", ", callArgs);
    CodeBlock valueCall =
        !s.callable()
            ? CodeBlock.of("$L($L)", f.name() + "Value", s.isStatic() ? args : "self, " + args)
            : s.isStatic()
                ? CodeBlock.of("$T.$L($L)", s.owner(), f.name(), args)
                : CodeBlock.of("self.$L($L)", f.name(), args);
    List<String> gradArgs = new ArrayList<>();
    if (!s.isStatic()) {
      gradArgs.add("self");
    }
    gradArgs.addAll(callArgs);
    List<String> hvpArgs = new ArrayList<>(gradArgs);
    hvpArgs.add("v");
    hvpArgs.add("hvOut");
    gradArgs.add("gradOut");
    TypeSpec.Builder objective =
        TypeSpec.anonymousClassBuilder("")
            .addSuperinterface(OBJECTIVE)
            .addMethod(
                MethodSpec.methodBuilder("value")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.DOUBLE)
                    .addParameter(double[].class, "point")
                    .addStatement("return $L", valueCall)
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("gradient")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.DOUBLE)
                    .addParameter(double[].class, "point")
                    .addParameter(double[].class, "gradOut")
                    .addStatement("return $L($L)", s.gradient().name(), String.join(", ", gradArgs))
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("hvp")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(double[].class, "point")
                    .addParameter(double[].class, "v")
                    .addParameter(double[].class, "hvOut")
                    .addStatement(
                        "$L($L)",
                        s.linearized().isPresent() && !taped(s) ? hvpNoValueName(s) : s.hvp().name(),
                        String.join(", ", hvpArgs))
                    .build());
    if (s.linearized().isPresent()) {
      List<String> atArgs = new ArrayList<>(gradArgs.subList(0, gradArgs.size() - 1));
      objective.addMethod(
          MethodSpec.methodBuilder("hessianAt")
              .addAnnotation(Override.class)
              .addModifiers(Modifier.PUBLIC)
              .returns(HESSIAN_OPERATOR)
              .addParameter(double[].class, "point")
              .addStatement("return $L($L)", hessianAtName(s), String.join(", ", atArgs))
              .build());
    }
    TypeSpec anonymous = objective.build();
    m.addStatement("return $L", anonymous);
    return m.build();
  }

  /** The generated class; {@code origin} is the annotated methods' class, for incremental builds (Gradle). */
  public JavaFile build(javax.lang.model.element.Element origin) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name)
            .addModifiers(Modifier.FINAL)
            .addJavadoc(
                "Derivatives of the {@code @Differentiable} methods of {@link $T}, generated by Hesse at compile"
                    + " time.\n",
                owner)
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
            .addMethods(methods)
            .addOriginatingElement(origin);
    if (isPublic) {
      type.addModifiers(Modifier.PUBLIC);
    }
    if (generatedAnnotationAvailable) {
      type.addAnnotation(
          AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
              .addMember("value", "$S", generatorName)
              .build());
    }
    return JavaFile.builder(name.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }
}
