package dev.hesse.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.hesse.processor.ad.Calls;
import dev.hesse.processor.ad.Linearize;
import dev.hesse.processor.ad.NotDifferentiableException;
import dev.hesse.processor.ad.ReverseTransform;
import dev.hesse.processor.ad.TangentTransform;
import dev.hesse.processor.emit.CodeSize;
import dev.hesse.processor.emit.DerivativesClass;
import dev.hesse.processor.frontend.CustomDerivatives;
import dev.hesse.processor.frontend.Desugar;
import dev.hesse.processor.frontend.Frontend;
import dev.hesse.processor.frontend.Problem;
import dev.hesse.processor.frontend.Reporter;
import dev.hesse.processor.ir.Callee;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.IrPrinter;
import dev.hesse.processor.simplify.FirstWrites;
import dev.hesse.processor.simplify.OutputWrites;
import dev.hesse.processor.simplify.Simplifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Hesse's entry point: for every class with {@code @Differentiable} methods, runs the pipeline
 *
 * <pre>
 *   frontend (javac trees → IR, the language fence) → desugar → reverse transform → simplify → emit (JavaPoet)
 * </pre>
 *
 * and writes {@code CDerivatives}. A class whose methods have any error gets no generated file at all (never a half
 * written one); an exception inside Hesse becomes an error on the method, never a crash of javac.
 *
 * <p>Option {@code -Ahesse.dumpIr=true} prints each method's IR after every stage as compiler notes.
 */
@AutoService(Processor.class)
public final class HesseProcessor extends AbstractProcessor {
  private static final String DUMP_OPTION = "hesse.dumpIr";

  private final UnaryOperator<Function> extraStage;
  private final Consumer<Function> finished;
  private Trees trees;
  private Reporter reporter;
  private boolean reportedNotJavac;
  /** Classes with errors found outside their @Differentiable methods: they get no generated file either. */
  private final Set<Element> classesWithErrors = new java.util.HashSet<>();

  public HesseProcessor() {
    this(UnaryOperator.identity());
  }

  /** For tests: a stage run after desugaring, e.g. one that throws, to check how internal errors are reported. */
  HesseProcessor(UnaryOperator<Function> extraStage) {
    this(extraStage, f -> {});
  }

  /** For tests: also sees every finished body before it is emitted (e.g. to compare its size bound with javac's). */
  HesseProcessor(UnaryOperator<Function> extraStage, Consumer<Function> finished) {
    this.extraStage = extraStage;
    this.finished = finished;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Frontend.DIFFERENTIABLE, Frontend.CUSTOM_DERIVATIVE);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(DUMP_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    try {
      trees = Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      trees = null; // not javac: reported once, at the first annotated method
    }
    reporter = new Reporter(trees, env.getMessager());
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement custom = processingEnv.getElementUtils().getTypeElement(Frontend.CUSTOM_DERIVATIVE);
    List<ExecutableElement> customs = new ArrayList<>();
    if (custom != null) {
      for (Element e : round.getElementsAnnotatedWith(custom)) {
        if (e.getKind() == ElementKind.METHOD) {
          customs.add((ExecutableElement) e);
          String error = CustomDerivatives.partials((ExecutableElement) e).error();
          if (error != null) {
            reporter.error(Problem.CUSTOM_DERIVATIVE, e, "this @CustomDerivative is invalid: " + error);
            classesWithErrors.add(e.getEnclosingElement());
          }
        }
      }
    }
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(Frontend.DIFFERENTIABLE);
    if (annotation == null) {
      return false;
    }
    Map<TypeElement, List<ExecutableElement>> byClass = new LinkedHashMap<>();
    for (Element e : round.getElementsAnnotatedWith(annotation)) {
      if (e.getKind() != ElementKind.METHOD) {
        continue;
      }
      if (trees == null) {
        if (!reportedNotJavac) {
          reportedNotJavac = true;
          reporter.error(
              Problem.NOT_JAVAC,
              e,
              "Hesse reads method bodies through javac's Compiler Tree API, which this compiler does not provide:"
                  + " compile with javac (JDK 17 or later)");
        }
        continue;
      }
      byClass.computeIfAbsent((TypeElement) e.getEnclosingElement(), k -> new ArrayList<>())
          .add((ExecutableElement) e);
    }
    Map<ExecutableElement, TreePath> paths = new HashMap<>();
    for (Map.Entry<TypeElement, List<ExecutableElement>> entry : byClass.entrySet()) {
      Map<Element, TreePath> inClass = methodPaths(entry.getKey());
      for (ExecutableElement method : entry.getValue()) {
        paths.put(method, inClass.computeIfAbsent(method, trees::getPath));
      }
    }
    Set<ExecutableElement> needBlocks = new java.util.HashSet<>();
    try {
      needBlocks = Frontend.neededBuildingBlocks(processingEnv.getElementUtils(), paths, customs);
    } catch (RuntimeException e) {
      // Not knowing the callers only costs compile time: fall back to building blocks for every method.
      needBlocks.addAll(paths.keySet());
    }
    for (Map.Entry<TypeElement, List<ExecutableElement>> entry : byClass.entrySet()) {
      generate(entry.getKey(), entry.getValue(), paths, needBlocks);
    }
    return false;
  }

  private void generate(
      TypeElement type,
      List<ExecutableElement> methods,
      Map<ExecutableElement, TreePath> paths,
      Set<ExecutableElement> needBlocks) {
    int errorsBefore = reporter.errorCount();
    ClassName owner = ClassName.get(type);
    ClassName generated = DerivativesClass.nameFor(owner);
    DerivativesClass out =
        new DerivativesClass(
            generated,
            owner,
            Frontend.topLevel(type).getModifiers().contains(Modifier.PUBLIC),
            getClass().getName(),
            processingEnv.getElementUtils().getTypeElement("javax.annotation.processing.Generated") != null);
    Map<String, ExecutableElement> signatures = new HashMap<>();
    for (ExecutableElement method : methods) {
      try {
        TreePath path = paths.get(method);
        boolean blocks = needBlocks.contains(method) || Frontend.isComposable(method);
        Optional<DerivativesClass.Source> source = differentiate(method, path, owner, blocks);
        if (source.isEmpty()) {
          continue;
        }
        boolean clash = false;
        for (String signature : DerivativesClass.signatures(source.get())) {
          ExecutableElement previous = signatures.putIfAbsent(signature, method);
          if (previous != null) {
            clash = true;
            reporter.error(
                Problem.NAME_CLASH,
                method,
                "the generated method " + generated.simpleName() + "." + signature.replace(",)", ")")
                    + " would also be generated for " + previous.getSimpleName() + previous.getParameters()
                    + ": rename one of the two methods");
          }
        }
        if (!clash) {
          out.add(source.get());
        }
      } catch (NotDifferentiableException e) {
        if (e.site() instanceof Tree tree) {
          reporter.error(
              Problem.UNSUPPORTED_CALL, tree, paths.get(method).getCompilationUnit(), e.getMessage());
        } else {
          reporter.error(Problem.UNSUPPORTED_CALL, method, e.getMessage());
        }
      } catch (RuntimeException | StackOverflowError e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        reporter.error(
            Problem.INTERNAL,
            method,
            "Hesse failed on this method (" + e + "). This is a bug in Hesse: please report it with the method's"
                + " source. Details:\n" + trace);
      }
    }
    if (reporter.errorCount() != errorsBefore || classesWithErrors.contains(type)) {
      return; // nothing is written for a class with errors
    }
    JavaFile file = out.build(Frontend.topLevel(type));
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException | RuntimeException e) {
      reporter.error(
          Problem.NAME_CLASH,
          type,
          "could not write " + generated + " (" + e.getMessage() + "); another class may generate the same name");
    }
  }

  /** The tree paths of the class's methods, found in one pass ({@code Trees.getPath} searches the file per call). */
  private Map<Element, TreePath> methodPaths(TypeElement type) {
    Map<Element, TreePath> out = new HashMap<>();
    TreePath classPath = trees.getPath(type);
    if (classPath != null && classPath.getLeaf() instanceof ClassTree classTree) {
      for (Tree member : classTree.getMembers()) {
        if (member instanceof MethodTree) {
          TreePath path = new TreePath(classPath, member);
          Element element = trees.getElement(path);
          if (element != null) {
            out.put(element, path);
          }
        }
      }
    }
    return out;
  }

  private Optional<DerivativesClass.Source> differentiate(
      ExecutableElement method, TreePath path, ClassName owner, boolean wantBlocks) {
    Optional<Function> translated =
        Frontend.translate(trees, processingEnv.getElementUtils(), reporter, method, path);
    if (translated.isEmpty()) {
      return Optional.empty();
    }
    Function original = translated.get();
    dump("frontend", original);
    Function desugared = extraStage.apply(Desugar.apply(original));
    dump("desugar", desugared);
    Calls.check(desugared);
    Function gradient = ReverseTransform.gradient(desugared);
    dump("reverse", gradient);
    // Far over the limit before simplification: stop now, since simplifying a huge body costs more than it saves.
    boolean hopeless = Simplifier.size(gradient) > Simplifier.HOPELESS_SIZE;
    if (!hopeless) {
      gradient = Simplifier.simplify(gradient);
      dump("simplify", gradient);
    }
    if (hopeless || CodeSize.mayExceedJvmLimit(gradient)) {
      reporter.error(
          Problem.CODE_TOO_LARGE,
          method,
          "the gradient of '" + method.getSimpleName() + "' would exceed the JVM's 64 KB limit on a method's"
              + " code: move repeated work into a loop, or split the computation into smaller methods");
      return Optional.empty();
    }
    Function rawHvp = TangentTransform.hvp(original, gradient);
    if (Simplifier.size(rawHvp) > Simplifier.HOPELESS_SIZE) {
      reporter.error(
          Problem.CODE_TOO_LARGE,
          method,
          "the Hessian-vector product of '" + method.getSimpleName() + "' would exceed the JVM's 64 KB limit on a"
              + " method's code: move repeated work into a loop, or split the computation into smaller methods");
      return Optional.empty();
    }
    Function hvp = Simplifier.simplify(rawHvp);
    dump("forward over reverse", hvp);
    if (reportedTooLarge(method, List.of(hvp))) {
      return Optional.empty();
    }
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    boolean callable = !method.getModifiers().contains(Modifier.PRIVATE);
    // Building blocks for callers: @Differentiable methods of the same file, or of other classes (composable = true).
    Optional<DerivativesClass.BuildingBlocks> blocks = Optional.empty();
    boolean matrices =
        original.parameters().stream()
            .anyMatch(p -> p.differentiable() && p.variable().type() == dev.hesse.processor.ir.Type.DOUBLE_MATRIX);
    if (Frontend.isComposable(method) && !(isStatic && callable && !matrices)) {
      reporter.error(
          Problem.SIGNATURE,
          method,
          "composable = true asks for building blocks, which only static, non-private methods without"
              + " differentiable double[][] parameters have (calls of other methods are limited to those): remove"
              + " composable, or make '" + method.getSimpleName() + "' static and pass matrices' rows as double[]");
      return Optional.empty();
    }
    Function directional;
    if (wantBlocks && isStatic && callable && !matrices) { // calls passing matrices with derivatives are rejected
      Function pullback = Simplifier.simplify(ReverseTransform.pullback(desugared));
      dump("pullback", pullback);
      Function tangent = Simplifier.simplify(TangentTransform.tangentBlock(desugared));
      dump("tangent", tangent);
      Function pullbackTangent = Simplifier.simplify(TangentTransform.pullbackTangent(desugared, pullback));
      dump("pullback tangent", pullbackTangent);
      if (reportedTooLarge(method, List.of(pullback, tangent, pullbackTangent))) {
        return Optional.empty();
      }
      blocks = Optional.of(new DerivativesClass.BuildingBlocks(pullback, tangent, pullbackTangent));
      directional = TangentTransform.directionalViaTangent(desugared, selfCallee(original, owner));
    } else {
      directional = Simplifier.simplify(TangentTransform.directional(desugared));
      dump("forward", directional);
      if (reportedTooLarge(method, List.of(directional))) {
        return Optional.empty();
      }
    }
    // The recorded operator replays its own tape; calls into other methods' building blocks have none to share.
    Optional<Linearize.Parts> linearized =
        Calls.hasInvocations(hvp.body())
            ? Optional.empty()
            : Linearize.split(original, hvp)
            .map(
                parts ->
                    new Linearize.Parts(
                        Simplifier.simplify(parts.record(), false),
                        Simplifier.simplify(parts.replay(), false)));
    linearized.ifPresent(
        parts -> {
          dump("linearize: record", parts.record());
          dump("linearize: replay", parts.replay());
        });
    // Last, on the finished code only: plain first writes of adjoints reset every iteration, and each element of
    // gradOut and hvOut stored once where a loop allows it.
    Function gradientOut = finish(gradient);
    Function hvpOut = finish(hvp);
    // Too large a recording or replay: the operator falls back to plain products, which the checks admit.
    Optional<Linearize.Parts> linearizedOut =
        linearized
            .map(parts -> new Linearize.Parts(finish(parts.record()), finish(parts.replay())))
            .filter(
                parts -> !CodeSize.mayExceedJvmLimit(parts.record()) && !CodeSize.mayExceedJvmLimit(parts.replay()));
    if (reportedTooLarge(method, List.of(gradientOut, hvpOut))) {
      return Optional.empty();
    }
    dump("output writes", gradientOut);
    finished.accept(gradientOut);
    finished.accept(hvpOut);
    finished.accept(directional);
    linearizedOut.ifPresent(parts -> List.of(parts.record(), parts.replay()).forEach(finished));
    blocks.ifPresent(b -> List.of(b.pullback(), b.tangent(), b.pullbackTangent()).forEach(finished));
    return Optional.of(
        new DerivativesClass.Source(
            original, desugared, gradientOut, hvpOut, directional, linearizedOut, blocks, owner, isStatic, callable,
            docSignature(method)));
  }

  /** The method as a callee of its own building blocks. */
  private static Callee selfCallee(Function original, ClassName owner) {
    List<Callee.Param> params = new ArrayList<>();
    for (Function.Parameter p : original.parameters()) {
      params.add(new Callee.Param(p.variable().name(), p.variable().type(), p.differentiable()));
    }
    return new Callee(
        owner.canonicalName(), DerivativesClass.nameFor(owner).canonicalName(), original.name(), params, List.of());
  }

  private static Function finish(Function f) {
    return OutputWrites.apply(FirstWrites.apply(f));
  }

  /** Reports the first generated method over the JVM's method size limit, if any. */
  private boolean reportedTooLarge(ExecutableElement method, List<Function> derived) {
    for (Function f : derived) {
      if (CodeSize.mayExceedJvmLimit(f)) {
        reporter.error(
            Problem.CODE_TOO_LARGE,
            method,
            "the generated " + f.name() + " would exceed the JVM's 64 KB limit on a method's code: move"
                + " repeated work into a loop, or split the computation into smaller methods");
        return true;
      }
    }
    return false;
  }

  private static String docSignature(ExecutableElement method) {
    List<String> types = new ArrayList<>();
    method.getParameters().forEach(p -> types.add(p.asType().toString()));
    return method.getSimpleName() + "(" + String.join(", ", types) + ")";
  }

  private void dump(String stage, Function f) {
    if (Boolean.parseBoolean(processingEnv.getOptions().get(DUMP_OPTION))) {
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.NOTE,
              "Hesse IR of " + f.name() + " after " + stage + ":\n" + IrPrinter.debug().print(f.body()));
    }
  }
}
