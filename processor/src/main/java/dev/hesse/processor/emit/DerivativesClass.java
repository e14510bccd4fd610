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
import dev.hesse.processor.ir.Exprs;
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
  private static final ClassName MATRICES = ClassName.get("dev.hesse.support", "Matrices");
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
      Optional<BuildingBlocks> blocks,
      ClassName owner,
      boolean isStatic,
      boolean callable,
      String signatureForDocs) {}

  /** The composable building blocks of a static method, for callers (see {@code ReverseTransform.pullback}). */
  public record BuildingBlocks(Function pullback, Function tangent, Function pullbackTangent) {
    List<Function> all() {
      return List.of(pullback, tangent, pullbackTangent);
    }
  }

  private final ClassName name;
  private final ClassName owner;
  private final boolean isPublic;
  private final String generatorName;
  private final boolean generatedAnnotationAvailable;
  private final List<MethodSpec> methods = new ArrayList<>();
  private final List<TypeSpec> types = new ArrayList<>();

  public DerivativesClass(
      ClassName name, ClassName owner, boolean isPublic, String generatorName, boolean generatedAvailable) {
    this.name = name;
    this.owner = owner;
    this.isPublic = isPublic;
    this.generatorName = generatorName;
    this.generatedAnnotationAvailable = generatedAvailable;
  }

  private MethodEmitter newEmitter(List<Variable> parameters, Set<String> reserved) {
    MethodEmitter emitter = new MethodEmitter(parameters, reserved);
    emitter.shortenClassNamesIn(name.packageName(), name.canonicalName());
    return emitter;
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
    List<Function> derivedFunctions = new ArrayList<>(List.of(s.hvp(), s.directional()));
    s.blocks().ifPresent(b -> derivedFunctions.addAll(b.all()));
    for (Function derived : derivedFunctions) {
      StringBuilder sig = new StringBuilder(derived.name()).append('(').append(receiver);
      for (Function.Parameter p : derived.parameters()) {
        sig.append(p.variable().type().javaName()).append(',');
      }
      out.add(sig.append(')').toString());
    }
    if (hasLayout(s.original())) {
      out.add("class " + layoutName(s.original()));
      StringBuilder factory = new StringBuilder(s.original().name()).append("Layout(");
      for (Function.Parameter p : s.original().parameters()) {
        if (p.differentiable() && p.variable().type().isArray()) {
          factory.append(p.variable().type().javaName()).append(',');
        }
      }
      out.add(factory.append(')').toString());
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
    if (s.linearized().isPresent()) {
      addHessianAt(s, s.linearized().get());
    } else {
      addFreshHessianAt(s);
    }
    s.blocks().ifPresent(b -> addBuildingBlocks(s, b));
    if (hasLayout(s.original())) {
      types.add(layout(s));
    }
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
    MethodEmitter emitter = newEmitter(params, s.isStatic() ? Set.of() : Set.of("self"));
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
    m.addCode(rectangularChecks(s.original(), emitter));
    int first = params.size() - checkedArrays.size();
    for (int k = 0; k < checkedArrays.size(); k++) {
      m.addCode(lengthCheck(s.original(), emitter, emitter.name(params.get(first + k))));
    }
    m.addCode(emitter.body(fn.body()));
    return m.build();
  }

  /** Names the layout class uses itself: a method whose parameters use one gets no layout class. */
  private static final Set<String> LAYOUT_NAMES =
      Set.of("flat", "size", "row", "part", "actual", "expected", "what", "checkLength", "pack");

  /** Methods with several differentiable parameters get a layout class for their flat vectors. */
  private static boolean hasLayout(Function f) {
    return f.parameters().stream().filter(Function.Parameter::differentiable).count() > 1
        && f.parameters().stream().noneMatch(p -> LAYOUT_NAMES.contains(p.variable().name()));
  }

  private static String layoutName(Function f) {
    return Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1) + "Layout";
  }

  /**
   * {@code FLayout}: where each differentiable parameter lives in the flat vectors ({@code gradOut}, {@code v},
   * {@code hvOut}), so that users read and build them by name instead of by offset arithmetic.
   */
  private TypeSpec layout(Source s) {
    Function f = s.original();
    String name = layoutName(f);
    ClassName self = this.name.nestedClass(name);
    List<Variable> arrays = new ArrayList<>();
    List<Variable> parts = new ArrayList<>();
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        parts.add(p.variable());
        if (p.variable().type().isArray()) {
          arrays.add(p.variable());
        }
      }
    }
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Where the differentiable parameters of {@link $T#$L} live in its flat vectors ({@code gradOut},\n"
                    + "{@code v}, {@code hvOut}): $L, one after the other$L.\n",
                s.owner(),
                s.signatureForDocs(),
                differentiableList(f),
                parts.stream().anyMatch(p -> p.type() == Type.DOUBLE_MATRIX) ? " (matrices row by row)" : "");
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
    constructor.addJavadoc("The layout for arrays of these sizes (only their lengths are read).\n");
    for (Variable a : arrays) {
      constructor.addParameter(javaType(a.type()), a.name());
    }
    CodeBlock.Builder offsets = CodeBlock.builder();
    String next = "0"; // where the next part starts
    for (Variable p : parts) {
      String offset = p.name() + "Offset";
      type.addField(TypeName.INT, offset, Modifier.PUBLIC, Modifier.FINAL);
      offsets.addStatement("this.$L = $L", offset, next);
      if (p.type() == Type.DOUBLE) {
        next = "this." + offset + " + 1";
      } else if (p.type() == Type.DOUBLE_ARRAY) {
        type.addField(TypeName.INT, p.name() + "Length", Modifier.PRIVATE, Modifier.FINAL);
        offsets.addStatement("this.$LLength = $L.length", p.name(), p.name());
        next = "this." + offset + " + this." + p.name() + "Length";
      } else {
        type.addField(TypeName.INT, p.name() + "Rows", Modifier.PRIVATE, Modifier.FINAL);
        type.addField(TypeName.INT, p.name() + "Columns", Modifier.PRIVATE, Modifier.FINAL);
        offsets.addStatement("this.$LRows = $L.length", p.name(), p.name());
        offsets.addStatement("this.$LColumns = $L.length == 0 ? 0 : $L[0].length", p.name(), p.name(), p.name());
        next = "this." + offset + " + this." + p.name() + "Rows * this." + p.name() + "Columns";
      }
    }
    type.addField(TypeName.INT, "size", Modifier.PUBLIC, Modifier.FINAL);
    offsets.addStatement("this.size = $L", next);
    constructor.addCode(offsets.build());
    type.addMethod(constructor.build());
    MethodSpec.Builder pack =
        MethodSpec.methodBuilder("pack")
            .addModifiers(Modifier.PUBLIC)
            .returns(double[].class)
            .addJavadoc("A flat vector (e.g. a direction {@code v}) holding these parts.\n")
            .addStatement("double[] flat = new double[size]");
    for (Variable p : parts) {
      pack.addParameter(javaType(p.type()), p.name());
      String offset = p.name() + "Offset";
      MethodSpec.Builder getter =
          MethodSpec.methodBuilder(p.name())
              .addModifiers(Modifier.PUBLIC)
              .returns(javaType(p.type()))
              .addParameter(double[].class, "flat")
              .addJavadoc("{@code $L}'s part of a flat vector$L.\n", p.name(), p.type().isArray() ? ", copied" : "");
      if (p.type() == Type.DOUBLE) {
        getter.addStatement("return flat[$L]", offset);
        pack.addStatement("flat[$L] = $L", offset, p.name());
      } else if (p.type() == Type.DOUBLE_ARRAY) {
        getter.addStatement(
            "return $T.copyOfRange(flat, $L, $L + $LLength)", java.util.Arrays.class, offset, offset, p.name());
        pack.addStatement("checkLength($L.length, $LLength, $S)", p.name(), p.name(), p.name());
        pack.addStatement("System.arraycopy($L, 0, flat, $L, $L.length)", p.name(), offset, p.name());
      } else {
        getter
            .addStatement("double[][] part = new double[$LRows][$LColumns]", p.name(), p.name())
            .beginControlFlow("for (int row = 0; row < $LRows; row++)", p.name())
            .addStatement(
                "System.arraycopy(flat, $L + row * $LColumns, part[row], 0, $LColumns)", offset, p.name(), p.name())
            .endControlFlow()
            .addStatement("return part");
        pack.addStatement("checkLength($L.length, $LRows, $S)", p.name(), p.name(), p.name())
            .beginControlFlow("for (int row = 0; row < $LRows; row++)", p.name())
            .addStatement("checkLength($L[row].length, $LColumns, $S)", p.name(), p.name(), p.name() + "[row]")
            .addStatement(
                "System.arraycopy($L[row], 0, flat, $L + row * $LColumns, $LColumns)",
                p.name(), offset, p.name(), p.name())
            .endControlFlow();
      }
      type.addMethod(getter.build());
    }
    type.addMethod(pack.addStatement("return flat").build());
    type.addMethod(
        MethodSpec.methodBuilder("checkLength")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(TypeName.INT, "actual")
            .addParameter(TypeName.INT, "expected")
            .addParameter(String.class, "what")
            .beginControlFlow("if (actual != expected)")
            .addStatement(
                "throw new $T(what + $S + actual + $S + expected)",
                IllegalArgumentException.class,
                " has length ",
                " but the layout has ")
            .endControlFlow()
            .build());
    methods.add(
        MethodSpec.methodBuilder(f.name() + "Layout")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(self)
            .addJavadoc("The layout of {@link $T#$L}'s flat vectors for arrays of these sizes.\n", s.owner(),
                s.signatureForDocs())
            .addParameters(constructorParameters(arrays))
            .addStatement("return new $T($L)", self, String.join(", ", arrays.stream().map(Variable::name).toList()))
            .build());
    return type.build();
  }

  private static List<ParameterSpec> constructorParameters(List<Variable> arrays) {
    List<ParameterSpec> out = new ArrayList<>();
    for (Variable a : arrays) {
      out.add(ParameterSpec.builder(javaType(a.type()), a.name()).build());
    }
    return out;
  }

  private void addBuildingBlocks(Source s, BuildingBlocks b) {
    String list = differentiableList(s.original());
    methods.add(
        derivativeMethod(
            s,
            b.pullback(),
            CodeBlock.of(
                "Building block for callers' gradients (see README, \"Calling other methods\"): returns {@link $T#$L}"
                    + " and adds\n{@code seed} times its derivative with respect to each of $L to that parameter's"
                    + " adjoint:\n{@code pAdjoint[pAt]} for a double {@code p}, {@code pAdjoint[pAt + i]} for element"
                    + " {@code i} of an array. It accumulates.\n",
                s.owner(),
                s.signatureForDocs(),
                list),
            List.of()));
    methods.add(
        derivativeMethod(
            s,
            b.tangent(),
            CodeBlock.of(
                "Building block for callers' forward mode: returns the directional derivative of {@link $T#$L} along"
                    + " the tangents\n{@code pDot} of $L (an array's from offset {@code pDotAt}).\n",
                s.owner(),
                s.signatureForDocs(),
                list),
            List.of()));
    methods.add(
        derivativeMethod(
            s,
            b.pullbackTangent(),
            CodeBlock.of(
                "Building block for callers' Hessian-vector products, the tangent of {@code $L}: adds\n{@code seed}"
                    + " times the derivatives with respect to double parameters to their adjoints (as it does), and"
                    + "\n{@code seedDot·∇f + seed·H·(pDot)} to the adjoints' tangents {@code pAdjointDot}, from offset"
                    + " {@code pAt}; returns {@link $T#$L}.\n",
                b.pullback().name(),
                s.owner(),
                s.signatureForDocs()),
            List.of()));
  }

  private static String differentiableList(Function f) {
    List<String> names = new ArrayList<>();
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable()) {
        Type t = p.variable().type();
        names.add(
            "{@code " + p.variable().name() + "}"
                + (t == Type.DOUBLE_MATRIX
                    ? " (each element, row by row; the matrix must be rectangular)"
                    : t.isArray() ? " (each element)" : ""));
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
        } else if (p.variable().type() == Type.DOUBLE_MATRIX) {
          terms.add(CodeBlock.of("$T.size($L)", MATRICES, emitter.name(p.variable())).toString());
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

  /** Differentiable matrices must be rectangular: checked at entry, before any slot is computed. */
  private static CodeBlock rectangularChecks(Function f, MethodEmitter emitter) {
    CodeBlock.Builder code = CodeBlock.builder();
    for (Function.Parameter p : f.parameters()) {
      if (p.differentiable() && p.variable().type() == Type.DOUBLE_MATRIX) {
        String name = emitter.name(p.variable());
        code.addStatement("$T.requireRectangular($L, $S)", MATRICES, name, p.variable().name());
      }
    }
    return code.build();
  }

  /**
   * {@code mHessianAt} for a method whose HVP cannot be split into recording and replaying (one that writes local
   * arrays): the operator keeps copies of the point and runs the whole HVP for each product.
   */
  private void addFreshHessianAt(Source s) {
    Function original = s.original();
    List<Variable> params = new ArrayList<>();
    original.parameters().forEach(p -> params.add(p.variable()));
    MethodEmitter emitter = newEmitter(params, OPERATOR_NAMES);
    MethodSpec.Builder factory =
        MethodSpec.methodBuilder(hessianAtName(s))
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(HESSIAN_OPERATOR)
            .addJavadoc(
                "The Hessian of {@link $T#$L} at one point, as an operator for many products there. This method"
                    + " writes\nlocal arrays, so each {@code apply(v, hvOut)} runs {@code $L} afresh (bit-identical"
                    + " to it).\nDifferentiable arrays are copied; the operator is thread-safe.\n",
                s.owner(),
                s.signatureForDocs(),
                s.hvp().name());
    List<String> args = new ArrayList<>();
    if (!s.isStatic()) {
      factory.addParameter(ParameterSpec.builder(s.owner(), "self").addModifiers(Modifier.FINAL).build());
      args.add("self");
    }
    factory.addCode(rectangularChecks(original, emitter));
    for (Function.Parameter p : original.parameters()) {
      String name = emitter.name(p.variable());
      TypeName type = javaType(p.variable().type());
      Type t = p.variable().type();
      if (p.differentiable() && t.isArray()) {
        factory.addParameter(type, name);
        String copy = emitter.name(new Variable(p.variable().name() + "Copy", t, Variable.Role.LOCAL));
        if (t == Type.DOUBLE_MATRIX) {
          factory.addStatement("final $T $L = $T.copy($L)", type, copy, MATRICES, name);
        } else {
          factory.addStatement("final $T $L = $L.clone()", type, copy, name);
        }
        args.add(copy);
      } else {
        factory.addParameter(ParameterSpec.builder(type, name).addModifiers(Modifier.FINAL).build());
        args.add(name);
      }
    }
    Variable vVar = new Variable("v", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
    Variable hvOutVar = new Variable("hvOut", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
    String vName = emitter.name(vVar);
    String hvOutName = emitter.name(hvOutVar);
    args.add(vName);
    args.add(hvOutName);
    MethodSpec apply =
        MethodSpec.methodBuilder("apply")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(double[].class, vName)
            .addParameter(double[].class, hvOutName)
            .addStatement("$L($L)", s.hvp().name(), String.join(", ", args))
            .build();
    TypeSpec operator =
        TypeSpec.anonymousClassBuilder("").addSuperinterface(HESSIAN_OPERATOR).addMethod(apply).build();
    factory.addStatement("return $L", operator);
    methods.add(factory.build());
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
    return Exprs.anyStatement(stmts, st -> st instanceof Stmt.Record);
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
    MethodEmitter recordEmitter = newEmitter(params, OPERATOR_NAMES);
    recordEmitter.useTape("tape", "tapePosition");
    List<Variable> replayParams = new ArrayList<>();
    parts.replay().parameters().forEach(p -> replayParams.add(p.variable()));
    MethodEmitter replayEmitter = newEmitter(replayParams, OPERATOR_NAMES);
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
      args.add(
          p.differentiable() && p.variable().type() == Type.DOUBLE_MATRIX
              ? CodeBlock.of("$T.copy($L)", MATRICES, name).toString()
              : p.differentiable() && p.variable().type().isArray() ? name + ".clone()" : name);
    }
    if (taped) {
      recording
          .addStatement("final $T tape = new $T()", MethodEmitter.DOUBLE_STACK, MethodEmitter.DOUBLE_STACK)
          .addCode(recordEmitter.body(parts.record().body()));
    }
    recording.addStatement("return $L", operator);
    factory.addCode(rectangularChecks(original, recordEmitter));
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
    MethodEmitter emitter = newEmitter(params, Set.of("self"));
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
    {
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
            .addTypes(types)
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
