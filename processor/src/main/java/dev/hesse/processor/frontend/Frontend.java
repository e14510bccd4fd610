package dev.hesse.processor.frontend;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.hesse.processor.ir.Callee;
import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Primitive;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Translates the body of a {@code @Differentiable} method from javac's trees into IR, and is the language fence: every
 * construct outside Hesse's language is reported at its exact position, and translation goes on so that all problems
 * are reported in one compilation. A method with any problem yields no IR.
 */
public final class Frontend {
  public static final String DIFFERENTIABLE = "dev.hesse.Differentiable";
  public static final String NO_DERIVATIVE = "dev.hesse.NoDerivative";
  public static final String CUSTOM_DERIVATIVE = "dev.hesse.CustomDerivative";

  private final Trees trees;
  private final Elements elements;
  private final Reporter reporter;
  private final ExecutableElement method;
  private final MethodTree methodTree;
  /** The row variables of enhanced for loops over matrices in scope, each standing for {@code m[rowIndex]}. */
  private final Map<String, Expr> rowAliases = new HashMap<>();
  private final CompilationUnitTree unit;
  private final TypeElement owner;
  private final SourcePositions positions;
  private CharSequence source;

  private final Deque<Map<String, Variable>> scopes = new ArrayDeque<>();
  private final Set<Variable> differentiableParameters = new HashSet<>();
  private CallResolver resolver;
  /** The bodies of the loops being translated, innermost last: each collects the locals declared inside it. */
  private final Deque<Set<Variable>> loopBodies = new ArrayDeque<>();
  private Set<Variable> forHeader;
  private int loopDepth;

  private Frontend(Trees trees, Elements elements, Reporter reporter, ExecutableElement method, TreePath path) {
    this.trees = trees;
    this.elements = elements;
    this.reporter = reporter;
    this.method = method;
    this.methodTree = (MethodTree) path.getLeaf();
    this.unit = path.getCompilationUnit();
    this.owner = (TypeElement) method.getEnclosingElement();
    this.positions = trees.getSourcePositions();
    this.resolver = new CallResolver(elements, owner, unit);
  }

  /**
   * The method's IR, or empty after reporting every problem found. {@code path} is the method's tree path (the
   * caller finds it once per class: {@code Trees.getPath(Element)} searches the whole file each time).
   */
  public static Optional<Function> translate(
      Trees trees, Elements elements, Reporter reporter, ExecutableElement method, TreePath path) {
    return new Frontend(trees, elements, reporter, method, path).translate();
  }

  private Optional<Function> translate() {
    int errorsBefore = reporter.errorCount();
    checkSignature();
    if (methodTree.getBody() == null) {
      return Optional.empty();
    }
    scopes.push(new HashMap<>());
    List<Function.Parameter> parameters = new ArrayList<>();
    List<? extends VariableTree> parameterTrees = methodTree.getParameters();
    for (int k = 0; k < method.getParameters().size(); k++) {
      VariableElement p = method.getParameters().get(k);
      Tree where = k < parameterTrees.size() ? parameterTrees.get(k) : methodTree;
      Type type = parameterType(p.asType(), where, p.getSimpleName().toString());
      if (type == null) {
        continue;
      }
      boolean noDerivative = hasAnnotation(p, NO_DERIVATIVE);
      boolean differentiable =
          (type == Type.DOUBLE || type == Type.DOUBLE_ARRAY || type == Type.DOUBLE_MATRIX) && !noDerivative;
      Variable v = new Variable(p.getSimpleName().toString(), type, Variable.Role.PARAMETER);
      scopes.peek().put(v.name(), v);
      if (differentiable) {
        differentiableParameters.add(v);
      }
      parameters.add(new Function.Parameter(v, differentiable, noDerivative));
    }
    if (parameters.stream().noneMatch(Function.Parameter::differentiable)
        && reporter.errorCount() == errorsBefore) {
      error(
          Problem.SIGNATURE,
          methodTree,
          "@Differentiable method '"
              + method.getSimpleName()
              + "' has no differentiable parameter: give it a double or double[] parameter that is not"
              + " @NoDerivative");
    }
    List<Stmt> body = new ArrayList<>();
    block(methodTree.getBody().getStatements(), body);
    if (reporter.errorCount() != errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(new Function(method.getSimpleName().toString(), parameters, body));
  }

  private void checkSignature() {
    String name = method.getSimpleName().toString();
    if (method.getReturnType().getKind() != TypeKind.DOUBLE) {
      error(
          Problem.SIGNATURE,
          methodTree.getReturnType() != null ? methodTree.getReturnType() : methodTree,
          "@Differentiable method '" + name + "' must return double, not " + method.getReturnType());
    }
    if (methodTree.getBody() == null) {
      error(
          Problem.SIGNATURE,
          methodTree,
          "@Differentiable method '" + name + "' has no body to differentiate (abstract or native)");
    }
    if (!method.getTypeParameters().isEmpty()) {
      error(
          Problem.SIGNATURE,
          methodTree.getTypeParameters().get(0),
          "@Differentiable method '" + name + "' must not be generic");
    }
    if (method.isVarArgs()) {
      error(
          Problem.SIGNATURE,
          methodTree,
          "@Differentiable method '" + name + "' must not take varargs: declare the parameter as double[]");
    }
    for (Element e = owner; e != null && e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        error(
            Problem.SIGNATURE,
            methodTree,
            "@Differentiable method '"
                + name
                + "' is in private class "
                + e.getSimpleName()
                + ", which the generated class cannot name: make the class package-private");
        break;
      }
      if ((e.getKind().isClass() || e.getKind().isInterface())
          && e.getEnclosingElement().getKind() != ElementKind.PACKAGE
          && !e.getModifiers().contains(Modifier.STATIC)
          && !method.getModifiers().contains(Modifier.STATIC)) {
        error(
            Problem.SIGNATURE,
            methodTree,
            "instance method '" + name + "' is in inner (non-static) class " + e.getSimpleName()
                + ": make the class static or the method static");
        break;
      }
    }
    if (!(owner.getTypeParameters().isEmpty()) && !method.getModifiers().contains(Modifier.STATIC)) {
      error(
          Problem.SIGNATURE,
          methodTree,
          "instance method '" + name + "' is in generic class " + owner.getSimpleName()
              + ": make the method static");
    }
  }

  /**
   * The {@code @Differentiable} methods whose building blocks this compilation must generate without being asked:
   * those that {@code methods} call from their own top-level class (the same source file, so always compiled
   * together, whatever the build tool recompiles), and the partial derivatives named by {@code customs}, through
   * which every caller of a custom derivative chains. Callers in other classes need the callee's
   * {@code composable = true}. Overloads of a called name are all included: finding the one a call picks needs the
   * arguments' types, and an extra block is harmless.
   */
  public static Set<ExecutableElement> neededBuildingBlocks(
      Elements elements, Map<ExecutableElement, TreePath> methods, Collection<ExecutableElement> customs) {
    Set<ExecutableElement> needed = new HashSet<>();
    for (ExecutableElement custom : customs) {
      CustomDerivatives.Result partials = CustomDerivatives.partials(custom);
      if (partials.error() == null) {
        needed.addAll(partials.partials());
      }
    }
    methods.forEach(
        (m, path) -> {
          for (ExecutableElement c : CallResolver.calls(elements, m, path)) {
            if (hasAnnotation(c, DIFFERENTIABLE) && topLevel(c).equals(topLevel(m))) {
              needed.add(c);
            }
          }
        });
    return needed;
  }

  /** The top-level class declaring {@code e} (itself for a top-level class). */
  public static TypeElement topLevel(Element e) {
    Element top = e;
    while (!(top instanceof TypeElement) || top.getEnclosingElement() instanceof TypeElement) {
      top = top.getEnclosingElement();
    }
    return (TypeElement) top;
  }

  /** Whether {@code m} asks for building blocks for separately compiled callers ({@code composable = true}). */
  public static boolean isComposable(ExecutableElement m) {
    for (AnnotationMirror a : m.getAnnotationMirrors()) {
      if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DIFFERENTIABLE)) {
        for (var entry : a.getElementValues().entrySet()) {
          if (entry.getKey().getSimpleName().contentEquals("composable")) {
            return Boolean.TRUE.equals(entry.getValue().getValue());
          }
        }
      }
    }
    return false;
  }

  static boolean hasAnnotation(Element e, String qualifiedName) {
    for (AnnotationMirror m : e.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(qualifiedName)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------- types

  private static Type typeOf(TypeMirror t) {
    if (t.getKind() == TypeKind.ARRAY) {
      return Type.arrayOf(typeOf(((ArrayType) t).getComponentType()));
    }
    return primitive(t.getKind());
  }

  /** The IR type of a primitive type kind, or null when Hesse has none ({@code float}, {@code char}, ...). */
  private static Type primitive(TypeKind kind) {
    switch (kind) {
      case DOUBLE:
        return Type.DOUBLE;
      case INT:
        return Type.INT;
      case LONG:
        return Type.LONG;
      case BOOLEAN:
        return Type.BOOLEAN;
      default:
        return null;
    }
  }

  private Type parameterType(TypeMirror t, Tree where, String name) {
    Type type = typeOf(t);
    if (type == null) {
      error(
          Problem.UNSUPPORTED_TYPE,
          where,
          "parameter '" + name + "' has type " + t + "; Hesse supports double, int, long, boolean, their arrays,"
              + " and double[][] / int[][]" + floatHint(t));
    }
    return type;
  }

  private static String floatHint(TypeMirror t) {
    return t.toString().startsWith("float") ? " (use double instead of float)" : "";
  }

  // ---------------------------------------------------------------------------------------------- statements

  private void block(List<? extends StatementTree> statements, List<Stmt> out) {
    scopes.push(new HashMap<>());
    for (StatementTree s : statements) {
      statement(s, out);
    }
    scopes.pop();
  }

  private List<Stmt> scopedBlock(StatementTree s) {
    List<Stmt> out = new ArrayList<>();
    if (s instanceof BlockTree b) {
      block(b.getStatements(), out);
    } else {
      scopes.push(new HashMap<>());
      statement(s, out);
      scopes.pop();
    }
    return out;
  }

  private void statement(StatementTree s, List<Stmt> out) {
    switch (s.getKind()) {
      case BLOCK:
        block(((BlockTree) s).getStatements(), out);
        return;
      case EMPTY_STATEMENT:
        return;
      case VARIABLE:
        localVariable((VariableTree) s, out);
        return;
      case EXPRESSION_STATEMENT:
        expressionStatement(((ExpressionStatementTree) s).getExpression(), out);
        return;
      case IF:
        ifStatement((IfTree) s, out);
        return;
      case FOR_LOOP:
        forLoop((ForLoopTree) s, out);
        return;
      case ENHANCED_FOR_LOOP:
        enhancedFor((EnhancedForLoopTree) s, out);
        return;
      case WHILE_LOOP:
        {
          WhileLoopTree w = (WhileLoopTree) s;
          Expr cond = condition(w.getCondition());
          LoopParts parts = loopBody(w.getStatement());
          if (cond != null) {
            out.add(
                new Stmt.Loop(
                    Stmt.Loop.Kind.WHILE, cond, List.of(), parts.body, parts.locals, Set.of()));
          }
          return;
        }
      case DO_WHILE_LOOP:
        {
          DoWhileLoopTree d = (DoWhileLoopTree) s;
          LoopParts parts = loopBody(d.getStatement());
          Expr cond = condition(d.getCondition());
          if (cond != null) {
            out.add(
                new Stmt.Loop(
                    Stmt.Loop.Kind.DO_WHILE, cond, List.of(), parts.body, parts.locals, Set.of()));
          }
          return;
        }
      case BREAK:
        if (((BreakTree) s).getLabel() != null) {
          error(
              Problem.LABELED_JUMP,
              s,
              "labelled break is not supported: restructure the loops, e.g. with a boolean flag tested in the"
                  + " outer loop's condition");
        } else if (loopDepth == 0) {
          error(Problem.UNSUPPORTED_STATEMENT, s, "break outside a loop or switch");
        } else {
          out.add(new Stmt.Break(sourceOf(s)));
        }
        return;
      case CONTINUE:
        if (((ContinueTree) s).getLabel() != null) {
          error(
              Problem.LABELED_JUMP,
              s,
              "labelled continue is not supported: restructure the loops, e.g. with a boolean flag");
        } else {
          out.add(new Stmt.Continue(sourceOf(s)));
        }
        return;
      case RETURN:
        {
          ReturnTree r = (ReturnTree) s;
          Expr value = r.getExpression() == null ? null : expr(r.getExpression());
          if (value != null) {
            out.add(new Stmt.Return(assignable(value, Type.DOUBLE, r.getExpression()), sourceOf(s)));
          }
          return;
        }
      case LABELED_STATEMENT:
        error(
            Problem.UNSUPPORTED_STATEMENT,
            s,
            "labelled statements are not supported: remove the label (labelled break and continue are not"
                + " supported either)");
        statement(((com.sun.source.tree.LabeledStatementTree) s).getStatement(), new ArrayList<>());
        return;
      case TRY:
        error(
            Problem.UNSUPPORTED_STATEMENT,
            s,
            "try statements are not supported in a @Differentiable method: move the error handling to the caller");
        return;
      case THROW:
        error(
            Problem.UNSUPPORTED_STATEMENT,
            s,
            "throw is not supported in a @Differentiable method: validate the arguments before calling it");
        return;
      case SWITCH:
        switchStatement((com.sun.source.tree.SwitchTree) s, out);
        return;
      case SYNCHRONIZED:
        error(
            Problem.UNSUPPORTED_STATEMENT,
            s,
            "synchronized is not supported: a @Differentiable method must be a pure function of its arguments");
        return;
      case ASSERT:
        error(
            Problem.UNSUPPORTED_STATEMENT,
            s,
            "assert is not supported in a @Differentiable method: check the arguments before calling it");
        return;
      case CLASS:
      case INTERFACE:
      case ENUM:
      case RECORD:
        error(
            Problem.UNSUPPORTED_STATEMENT,
            s,
            "local classes are not supported in a @Differentiable method: declare the class outside the method");
        return;
      default:
        error(
            Problem.UNSUPPORTED_STATEMENT,
            s,
            "this statement (" + kindName(s) + ") is not supported in a @Differentiable method");
    }
  }

  private static String kindName(Tree t) {
    return t.getKind().name().toLowerCase().replace('_', ' ');
  }

  /**
   * {@code switch} on an int or long becomes an if / else-if chain over a local holding the selector. Each case group
   * must end with {@code break} (or not complete normally: return, continue); falling through into the next group,
   * and {@code break} anywhere but at a group's end, are rejected.
   */
  private void switchStatement(com.sun.source.tree.SwitchTree t, List<Stmt> out) {
    Expr selector = expr(t.getExpression());
    if (selector != null && !selector.type().isIntegral()) {
      error(
          Problem.UNSUPPORTED_STATEMENT,
          t.getExpression(),
          "switch is supported on int and long only: use if / else if / else");
      selector = null;
    }
    Variable chosen = new Variable("switchValue", selector == null ? Type.INT : selector.type(), Variable.Role.LOCAL);
    for (Set<Variable> body : loopBodies) {
      body.add(chosen);
    }
    List<Expr> conditions = new ArrayList<>();
    List<List<Stmt>> bodies = new ArrayList<>();
    List<Stmt> otherwise = null;
    List<? extends com.sun.source.tree.CaseTree> cases = t.getCases();
    // case 1: case 2: ... shares the second group's statements.
    List<ExpressionTree> pendingLabels = new ArrayList<>();
    scopes.push(new HashMap<>());
    for (int k = 0; k < cases.size(); k++) {
      com.sun.source.tree.CaseTree c = cases.get(k);
      List<Stmt> body = new ArrayList<>();
      boolean arrow = c.getCaseKind() == com.sun.source.tree.CaseTree.CaseKind.RULE;
      if (!arrow && c.getStatements().isEmpty() && k + 1 < cases.size() && !c.getExpressions().isEmpty()) {
        pendingLabels.addAll(c.getExpressions());
        continue;
      }
      List<? extends StatementTree> statements =
          arrow
              ? (c.getBody() instanceof BlockTree b ? b.getStatements()
                  : c.getBody() instanceof StatementTree st ? List.of(st)
                  : List.of())
              : c.getStatements();
      if (arrow && c.getBody() instanceof ExpressionTree e) {
        expressionStatement(e, body);
      }
      int end = statements.size();
      if (!arrow && end > 0 && statements.get(end - 1) instanceof BreakTree last && last.getLabel() == null) {
        end--; // the group's closing break
      } else if (!arrow && k + 1 < cases.size() && !endsAbruptly(statements)) {
        error(
            Problem.UNSUPPORTED_STATEMENT,
            c,
            "falling through to the next case is not supported: end each case with break (or merge the labels:"
                + " case 1, 2 ->)");
      }
      scopes.push(new HashMap<>());
      for (StatementTree st : statements.subList(0, end)) {
        if (containsBreakOutOfSwitch(st)) {
          error(
              Problem.UNSUPPORTED_STATEMENT,
              st,
              "break inside a switch case is supported only as the case's last statement: use if / else");
        }
        statement(st, body);
      }
      scopes.pop();
      List<ExpressionTree> labels = new ArrayList<>(pendingLabels);
      pendingLabels.clear();
      if (c.getExpressions().isEmpty()) {
        otherwise = body; // default (labels falling into it are covered by it)
        continue;
      }
      labels.addAll(c.getExpressions());
      Expr condition = null;
      for (ExpressionTree label : labels) {
        Expr value = expr(label);
        if (value == null) {
          continue;
        }
        if (!(value instanceof Expr.Literal) || !value.type().isIntegral()) {
          error(Problem.UNSUPPORTED_STATEMENT, label, "a case label must be an int or long constant");
          continue;
        }
        Expr test = new Expr.Binary(Op.EQ, new Expr.Ref(chosen), value, Type.BOOLEAN);
        condition = condition == null ? test : new Expr.Binary(Op.OR, condition, test, Type.BOOLEAN);
      }
      if (condition != null) {
        conditions.add(condition);
        bodies.add(body);
      }
    }
    scopes.pop();
    if (selector == null) {
      return;
    }
    out.add(new Stmt.Assign(chosen, selector, true, "switch (" + t.getExpression() + ")"));
    List<Stmt> chain = otherwise == null ? List.of() : otherwise;
    for (int k = conditions.size() - 1; k >= 0; k--) {
      chain = List.of(new Stmt.If(conditions.get(k), bodies.get(k), chain));
    }
    out.addAll(chain);
  }

  /** Whether the statements cannot complete normally at their end (so that no fall-through happens). */
  private static boolean endsAbruptly(List<? extends StatementTree> statements) {
    if (statements.isEmpty()) {
      return false;
    }
    StatementTree last = statements.get(statements.size() - 1);
    if (last instanceof BlockTree b) {
      return endsAbruptly(b.getStatements());
    }
    return last instanceof ReturnTree || last instanceof ContinueTree || last instanceof BreakTree
        || last.getKind() == Tree.Kind.THROW;
  }

  /** A break, not inside a nested loop, that would leave the switch. */
  private static boolean containsBreakOutOfSwitch(Tree t) {
    if (t instanceof BreakTree b) {
      return b.getLabel() == null;
    }
    if (t instanceof BlockTree b) {
      return b.getStatements().stream().anyMatch(Frontend::containsBreakOutOfSwitch);
    }
    if (t instanceof IfTree i) {
      return containsBreakOutOfSwitch(i.getThenStatement())
          || i.getElseStatement() != null && containsBreakOutOfSwitch(i.getElseStatement());
    }
    return false; // loops and nested switches own their breaks
  }

  private record LoopParts(List<Stmt> body, Set<Variable> locals) {}

  private LoopParts loopBody(StatementTree body) {
    Set<Variable> locals = new LinkedHashSet<>();
    loopBodies.addLast(locals);
    loopDepth++;
    List<Stmt> stmts = scopedBlock(body);
    loopDepth--;
    loopBodies.removeLast();
    return new LoopParts(stmts, locals);
  }

  private Expr condition(ExpressionTree t) {
    Expr c = expr(t);
    if (c != null && c.type() != Type.BOOLEAN) {
      error(Problem.UNSUPPORTED_EXPRESSION, t, "a condition must be boolean");
      return null;
    }
    return c;
  }

  private void localVariable(VariableTree v, List<Stmt> out) {
    String name = v.getName().toString();
    Tree typeTree = v.getType();
    boolean isVar = typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"));
    if (typeTree instanceof ArrayTypeTree) {
      localArray(v, name, arrayType(typeTree), out);
      return;
    }
    if (isVar && v.getInitializer() instanceof NewArrayTree n && n.getType() != null) {
      localArray(v, name, newArrayType(n), out);
      return;
    }
    Expr init = v.getInitializer() == null ? null : expr(v.getInitializer());
    Type type;
    if (typeTree == null || (typeTree instanceof IdentifierTree id && id.getName().contentEquals("var"))) {
      if (init == null) {
        declarePoisoned(name);
        return;
      }
      type = init.type();
      if (type.isArray()) {
        localArray(v, name, type, out);
        return;
      }
    } else {
      type = localType(typeTree, name, v);
      if (type == null) {
        declarePoisoned(name);
        return;
      }
    }
    if (init == null && v.getInitializer() != null) {
      declare(name, type);
      return;
    }
    Variable variable = declare(name, type);
    if (v.getInitializer() != null && init != null) {
      out.add(new Stmt.Assign(variable, assignable(init, type, v.getInitializer()), true, sourceOf(v)));
    }
  }

  private static String localArrayMessage(String name) {
    return "local array variable '"
        + name
        + "' must be initialised with 'new' (double[] "
        + name
        + " = new double[n]): aliases of other arrays and array initialisers are not supported; read the parameter"
        + " array directly (x[i])";
  }

  /** The IR type of an array type tree, or null when it is not one of Hesse's array types. */
  private static Type arrayType(Tree typeTree) {
    return typeTree instanceof ArrayTypeTree ? typeOfTree(typeTree) : null;
  }

  private static Type typeOfTree(Tree typeTree) {
    if (typeTree instanceof ArrayTypeTree a) {
      return Type.arrayOf(typeOfTree(a.getType()));
    }
    return typeTree instanceof PrimitiveTypeTree p ? primitive(p.getPrimitiveTypeKind()) : null;
  }

  /** The type {@code new double[n][m]} creates, or null. */
  private static Type newArrayType(NewArrayTree n) {
    if (n.getDimensions().isEmpty()) {
      return null; // an initialiser, {1, 2}
    }
    Type type = n.getType() instanceof PrimitiveTypeTree p ? primitive(p.getPrimitiveTypeKind()) : null;
    for (int k = 0; k < n.getDimensions().size(); k++) {
      type = Type.arrayOf(type);
    }
    return type;
  }

  /**
   * {@code double[] h = new double[n]} (also int[], long[], boolean[], and double[][] / int[][] with both
   * dimensions): a zeroed local array, allocated once at the method's top level.
   */
  private void localArray(VariableTree v, String name, Type type, List<Stmt> out) {
    if (type == null) {
      error(
          Problem.UNSUPPORTED_TYPE,
          v,
          "local array '" + name + "' has an unsupported type: use double[], int[], long[], boolean[], double[][] or"
              + " int[][]");
      declarePoisoned(name);
      return;
    }
    ExpressionTree initTree = v.getInitializer();
    if (!(initTree instanceof NewArrayTree n)) {
      error(Problem.UNSUPPORTED_TYPE, initTree == null ? v : initTree, localArrayMessage(name));
      declarePoisoned(name);
      return;
    }
    if (n.getInitializers() != null) {
      error(
          Problem.ALLOCATION,
          initTree,
          "array initialisers are not supported: allocate local array '" + name + "' with new (new double[n]) and"
              + " write its elements");
      declarePoisoned(name);
      return;
    }
    if (n.getDimensions().size() != (type.element().isArray() ? 2 : 1)) {
      error(
          Problem.ALLOCATION,
          initTree,
          "local matrix '" + name + "' must be allocated with both dimensions (new double[rows][columns])");
      declarePoisoned(name);
      return;
    }
    List<Expr> dimensions = new ArrayList<>();
    boolean ok = true;
    for (ExpressionTree d : n.getDimensions()) {
      Expr dim = expr(d);
      if (dim == null) {
        ok = false;
      } else if (dim.type() != Type.INT) {
        error(Problem.UNSUPPORTED_EXPRESSION, d, "an array length must be an int");
        ok = false;
      } else {
        dimensions.add(dim);
      }
    }
    if (loopDepth > 0 || scopes.size() > 2) {
      error(
          Problem.ALLOCATION,
          initTree,
          "local array '" + name + "' must be allocated at the top level of the method, not inside a loop or"
              + " branch: allocate it once before the loop and overwrite its elements");
      ok = false;
    }
    if (!ok) {
      declarePoisoned(name);
      return;
    }
    Variable variable = declare(name, type);
    out.add(new Stmt.Assign(variable, new Expr.NewArray(type, dimensions), true, sourceOf(v)));
  }

  /**
   * The element an assignment writes ({@code h[i]}, {@code m[i][j]} of a local array), or null after reporting why it
   * cannot be written.
   */
  private Expr.Index elementTarget(ArrayAccessTree target) {
    Expr e = expr(target);
    if (e == null) {
      return null;
    }
    Expr.Index element = (Expr.Index) e;
    Variable root = Exprs.root(element);
    if (root == null) {
      error(
          Problem.ARRAY_WRITE,
          target,
          "writing into field array '" + target.getExpression() + "' is not supported: a @Differentiable method"
              + " must not change state; copy it into a local array");
      return null;
    }
    if (root.role() == Variable.Role.PARAMETER) {
      error(
          Problem.ARRAY_WRITE,
          target,
          "writing into parameter array '" + root.name() + "' is not supported: a @Differentiable method must not"
              + " change its inputs; copy it into a local array (double[] copy = new double[" + root.name()
              + ".length])");
      return null;
    }
    if (element.type().isArray()) {
      error(
          Problem.ARRAY_WRITE,
          target,
          "assigning a whole row '" + target + "' is not supported: write its elements (" + target + "[j] = ...)");
      return null;
    }
    return element;
  }

  private static ExpressionTree withoutParentheses(ExpressionTree t) {
    while (t instanceof ParenthesizedTree p) {
      t = p.getExpression();
    }
    return t;
  }

  /** An element write {@code h[i] = e}, {@code h[i] op= e}, {@code h[i]++}; returns false if the target is no element. */
  private boolean elementWrite(ExpressionTree e, List<Stmt> out) {
    ExpressionTree targetTree;
    if (e instanceof AssignmentTree a) {
      targetTree = a.getVariable();
    } else if (e instanceof CompoundAssignmentTree c) {
      targetTree = c.getVariable();
    } else if (e instanceof UnaryTree u) {
      targetTree = u.getExpression();
    } else {
      return false;
    }
    if (!(withoutParentheses(targetTree) instanceof ArrayAccessTree access)) {
      return false;
    }
    Expr.Index target = elementTarget(access);
    Type type = target == null ? null : target.type();
    if (e instanceof AssignmentTree a) {
      Expr value = expr(a.getExpression());
      if (target != null && value != null) {
        out.add(new Stmt.Store(target, assignable(value, type, a.getExpression()), sourceOf(e)));
      }
    } else if (e instanceof CompoundAssignmentTree c) {
      Expr value = expr(c.getExpression());
      if (target != null && value != null) {
        Expr combined = binary(compoundOp(e.getKind()), target, value, e);
        if (combined != null) {
          Expr narrowed = combined.type() == type ? combined : new Expr.Cast(type, combined);
          out.add(new Stmt.Store(target, narrowed, sourceOf(e)));
        }
      }
    } else if (target != null) {
      if (!type.isNumeric()) {
        error(Problem.UNSUPPORTED_EXPRESSION, e, "++ and -- need a numeric element");
        return true;
      }
      boolean up = e.getKind() == Tree.Kind.PREFIX_INCREMENT || e.getKind() == Tree.Kind.POSTFIX_INCREMENT;
      Expr one =
          type == Type.DOUBLE
              ? Expr.Literal.of(1.0)
              : new Expr.Literal(type, type == Type.LONG ? (Object) 1L : (Object) 1);
      out.add(new Stmt.Store(target, new Expr.Binary(up ? Op.ADD : Op.SUB, target, one, type), sourceOf(e)));
    }
    return true;
  }

  private Type localType(Tree typeTree, String name, Tree where) {
    if (typeTree instanceof PrimitiveTypeTree p) {
      switch (p.getPrimitiveTypeKind()) {
        case DOUBLE:
          return Type.DOUBLE;
        case INT:
          return Type.INT;
        case LONG:
          return Type.LONG;
        case BOOLEAN:
          return Type.BOOLEAN;
        case FLOAT:
          error(
              Problem.UNSUPPORTED_TYPE,
              where,
              "local '" + name + "' has type float: Hesse computes in double, use double instead");
          return null;
        default:
          error(
              Problem.UNSUPPORTED_TYPE,
              where,
              "local '" + name + "' has type " + p.getPrimitiveTypeKind().name().toLowerCase()
                  + ": use int, long, double or boolean");
          return null;
      }
    }
    if (typeTree instanceof ArrayTypeTree) {
      error(
          Problem.UNSUPPORTED_TYPE,
          where,
          "'" + name + "' has an array type here: array variables are supported only as local arrays initialised"
              + " with 'new' at the method's top level");
      return null;
    }
    error(
        Problem.UNSUPPORTED_TYPE,
        where,
        "local '" + name + "' has type " + typeTree + ": only double, int, long and boolean locals are supported");
    return null;
  }

  private Variable declare(String name, Type type) {
    Variable v = new Variable(name, type, Variable.Role.LOCAL);
    scopes.peek().put(name, v);
    for (Set<Variable> body : loopBodies) {
      body.add(v);
    }
    if (forHeader != null) {
      forHeader.add(v);
    }
    return v;
  }

  /**
   * A local whose declaration was rejected: later uses are not reported again (the declaration's error says it all).
   */
  private void declarePoisoned(String name) {
    scopes.peek().put(name, new Variable(name, Type.OBJECT, Variable.Role.LOCAL));
  }

  private static boolean isPoisoned(Variable v) {
    return v.type() == Type.OBJECT;
  }

  private Variable lookupLocal(String name) {
    for (Map<String, Variable> scope : scopes) {
      Variable v = scope.get(name);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private void expressionStatement(ExpressionTree e, List<Stmt> out) {
    if (elementWrite(e, out)) {
      return;
    }
    switch (e.getKind()) {
      case ASSIGNMENT:
        {
          AssignmentTree a = (AssignmentTree) e;
          Variable target = assignmentTarget(a.getVariable());
          Expr value = expr(a.getExpression());
          if (target != null && value != null) {
            out.add(
                new Stmt.Assign(
                    target, assignable(value, target.type(), a.getExpression()), false, sourceOf(e)));
          }
          return;
        }
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
      case AND_ASSIGNMENT:
      case OR_ASSIGNMENT:
      case XOR_ASSIGNMENT:
      case LEFT_SHIFT_ASSIGNMENT:
      case RIGHT_SHIFT_ASSIGNMENT:
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
        {
          CompoundAssignmentTree c = (CompoundAssignmentTree) e;
          Variable target = assignmentTarget(c.getVariable());
          Expr value = expr(c.getExpression());
          if (target != null && value != null) {
            Expr combined = binary(compoundOp(e.getKind()), new Expr.Ref(target), value, e);
            if (combined != null) {
              // Java's compound assignment narrows implicitly: i += 0.5 is i = (int) (i + 0.5).
              Expr narrowed =
                  combined.type() == target.type() ? combined : new Expr.Cast(target.type(), combined);
              out.add(new Stmt.Assign(target, narrowed, false, sourceOf(e)));
            }
          }
          return;
        }
      case PREFIX_INCREMENT:
      case POSTFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_DECREMENT:
        {
          UnaryTree u = (UnaryTree) e;
          Variable target = assignmentTarget(u.getExpression());
          if (target != null) {
            if (!target.type().isNumeric()) {
              error(Problem.UNSUPPORTED_EXPRESSION, e, "++ and -- need a numeric variable");
              return;
            }
            boolean up = e.getKind() == Tree.Kind.PREFIX_INCREMENT || e.getKind() == Tree.Kind.POSTFIX_INCREMENT;
            Expr one = target.type() == Type.DOUBLE ? Expr.Literal.of(1.0) : new Expr.Literal(target.type(),
                target.type() == Type.LONG ? (Object) 1L : (Object) 1);
            out.add(
                new Stmt.Assign(
                    target,
                    new Expr.Binary(up ? Op.ADD : Op.SUB, new Expr.Ref(target), one, target.type()),
                    false,
                    sourceOf(e)));
          }
          return;
        }
      case METHOD_INVOCATION:
        // A call whose result is dropped is either pointless (Math) or a side effect: neither belongs here.
        if (expr(e) != null) {
          error(
              Problem.UNSUPPORTED_STATEMENT,
              e,
              "the result of this call is unused: assign it to a local or remove the call");
        }
        return;
      default:
        if (expr(e) != null) {
          error(Problem.UNSUPPORTED_STATEMENT, e, "this expression statement has no effect");
        }
    }
  }

  private static Op compoundOp(Tree.Kind kind) {
    switch (kind) {
      case PLUS_ASSIGNMENT:
        return Op.ADD;
      case MINUS_ASSIGNMENT:
        return Op.SUB;
      case MULTIPLY_ASSIGNMENT:
        return Op.MUL;
      case DIVIDE_ASSIGNMENT:
        return Op.DIV;
      case REMAINDER_ASSIGNMENT:
        return Op.REM;
      case AND_ASSIGNMENT:
        return Op.BIT_AND;
      case OR_ASSIGNMENT:
        return Op.BIT_OR;
      case XOR_ASSIGNMENT:
        return Op.BIT_XOR;
      case LEFT_SHIFT_ASSIGNMENT:
        return Op.SHL;
      case RIGHT_SHIFT_ASSIGNMENT:
        return Op.SHR;
      default:
        return Op.USHR;
    }
  }

  /** The local that an assignment writes, or null after reporting why it cannot be written. */
  private Variable assignmentTarget(ExpressionTree target) {
    if (target instanceof ParenthesizedTree p) {
      return assignmentTarget(p.getExpression());
    }
    if (target instanceof IdentifierTree id) {
      if (rowAliases.containsKey(id.getName().toString())) {
        error(
            Problem.UNSUPPORTED_STATEMENT,
            target,
            "reassigning '" + id.getName() + "', the row of an enhanced for loop, is not supported: use another"
                + " local");
        return null;
      }
      Variable v = lookupLocal(id.getName().toString());
      if (v != null && isPoisoned(v)) {
        return null;
      }
      if (v != null) {
        if (v.type().isArray()) {
          error(
              Problem.UNSUPPORTED_STATEMENT,
              target,
              "reassigning array variable '" + v.name() + "' is not supported: read the arrays you need directly");
          return null;
        }
        return v;
      }
      Element field = findField(id.getName().toString());
      if (field != null) {
        error(
            Problem.FIELD_WRITE,
            target,
            "assigning field '" + id.getName() + "' is not supported: a @Differentiable method must not change"
                + " state; use a local variable");
        return null;
      }
      error(Problem.UNRESOLVED_NAME, target, "cannot resolve '" + id.getName() + "'");
      return null;
    }
    if (target instanceof ArrayAccessTree a) {
      expr(a.getExpression());
      expr(a.getIndex());
      error(
          Problem.ARRAY_WRITE,
          target,
          "writing into array elements is not supported yet: accumulate into a double local instead");
      return null;
    }
    if (target instanceof MemberSelectTree) {
      error(
          Problem.FIELD_WRITE,
          target,
          "assigning field '" + target + "' is not supported: a @Differentiable method must not change state;"
              + " use a local variable");
      return null;
    }
    error(Problem.UNSUPPORTED_EXPRESSION, target, "cannot assign to " + target);
    return null;
  }

  private void ifStatement(IfTree t, List<Stmt> out) {
    Expr cond = condition(t.getCondition());
    List<Stmt> then = scopedBlock(t.getThenStatement());
    List<Stmt> otherwise = t.getElseStatement() == null ? List.of() : scopedBlock(t.getElseStatement());
    if (cond != null) {
      out.add(new Stmt.If(cond, then, otherwise));
    }
  }

  private void forLoop(ForLoopTree t, List<Stmt> out) {
    scopes.push(new HashMap<>());
    Set<Variable> header = new LinkedHashSet<>();
    Set<Variable> outerHeader = forHeader;
    forHeader = header;
    for (StatementTree init : t.getInitializer()) {
      statement(init, out);
    }
    forHeader = outerHeader;
    Expr cond = t.getCondition() == null ? Expr.Literal.of(true) : condition(t.getCondition());
    List<Stmt> update = new ArrayList<>();
    for (ExpressionStatementTree u : t.getUpdate()) {
      expressionStatement(u.getExpression(), update);
    }
    LoopParts parts = loopBody(t.getStatement());
    scopes.pop();
    if (cond != null) {
      out.add(new Stmt.Loop(Stmt.Loop.Kind.FOR, cond, update, parts.body, parts.locals, header));
    }
  }

  /**
   * {@code for (double xi : x) body} becomes an index loop over {@code x}, with {@code xi} a body local; over a
   * matrix, {@code for (double[] row : m) body}, the row is not copied: {@code row} stands for {@code m[rowIndex]}
   * (Java's row variable refers to the same array).
   */
  private void enhancedFor(EnhancedForLoopTree t, List<Stmt> out) {
    Expr array = expr(t.getExpression());
    if (array == null) {
      return;
    }
    if (!array.type().isArray()) {
      error(
          Problem.UNSUPPORTED_STATEMENT,
          t.getExpression(),
          "the enhanced for loop is supported over double[], int[], long[], boolean[], double[][] and int[][] only");
      return;
    }
    boolean rows = array.type().element().isArray();
    scopes.push(new HashMap<>());
    String elementName = t.getVariable().getName().toString();
    Variable index = new Variable(elementName + "Index", Type.INT, Variable.Role.LOCAL);
    for (Set<Variable> enclosingBody : loopBodies) {
      enclosingBody.add(index);
    }
    out.add(new Stmt.Assign(index, Expr.Literal.ofInt(0), true, null));
    Set<Variable> locals = new LinkedHashSet<>();
    loopBodies.addLast(locals);
    loopDepth++;
    scopes.push(new HashMap<>());
    List<Stmt> body = new ArrayList<>();
    Tree elementType = t.getVariable().getType();
    boolean inferred =
        elementType == null || elementType instanceof IdentifierTree id && id.getName().contentEquals("var");
    if (rows) {
      if (!inferred && typeOfTree(elementType) != array.type().element()) {
        error(
            Problem.UNSUPPORTED_STATEMENT,
            t.getVariable(),
            "the rows of a " + array.type().javaName() + " are " + array.type().element().javaName() + ": declare '"
                + elementName + "' as " + array.type().element().javaName() + " or var");
      }
      rowAliases.put(elementName, new Expr.Index(array, new Expr.Ref(index)));
    }
    Type declared =
        rows ? null : inferred ? array.type().element() : localType(elementType, elementName, t.getVariable());
    if (declared != null) {
      Variable element = declare(elementName, declared);
      body.add(
          new Stmt.Assign(
              element,
              assignable(new Expr.Index(array, new Expr.Ref(index)), declared, t.getVariable()),
              true,
              sourceOf(t.getVariable())));
    }
    if (t.getStatement() instanceof BlockTree b) {
      for (StatementTree s : b.getStatements()) {
        statement(s, body);
      }
    } else {
      statement(t.getStatement(), body);
    }
    rowAliases.remove(elementName);
    scopes.pop();
    loopDepth--;
    loopBodies.removeLast();
    scopes.pop();
    Expr cond = new Expr.Binary(Op.LT, new Expr.Ref(index), new Expr.Length(array), Type.BOOLEAN);
    List<Stmt> update =
        List.of(
            new Stmt.Assign(
                index,
                new Expr.Binary(Op.ADD, new Expr.Ref(index), Expr.Literal.ofInt(1), Type.INT),
                false,
                null));
    out.add(new Stmt.Loop(Stmt.Loop.Kind.FOR, cond, update, body, locals, Set.of(index)));
  }

  // ---------------------------------------------------------------------------------------------- expressions

  /** Converts a value for storing into a variable of type {@code to}, as Java's assignment conversion does. */
  private Expr assignable(Expr value, Type to, Tree where) {
    if (value.type() == to) {
      return value;
    }
    if (to == Type.DOUBLE && value.type().isIntegral() || to == Type.LONG && value.type() == Type.INT) {
      return value; // widening: implicit in the printed Java too
    }
    if (to == Type.INT && value instanceof Expr.Literal l && l.type() == Type.INT) {
      return value;
    }
    error(Problem.UNSUPPORTED_EXPRESSION, where, "cannot convert " + value.type().javaName() + " to "
        + to.javaName());
    return value;
  }

  /** The IR of an expression, or null after reporting its problems (sub-expressions are still checked). */
  private Expr expr(ExpressionTree t) {
    switch (t.getKind()) {
      case PARENTHESIZED:
        return expr(((ParenthesizedTree) t).getExpression());
      case INT_LITERAL:
        return new Expr.Literal(Type.INT, ((LiteralTree) t).getValue());
      case LONG_LITERAL:
        return new Expr.Literal(Type.LONG, ((LiteralTree) t).getValue());
      case DOUBLE_LITERAL:
        return new Expr.Literal(Type.DOUBLE, ((LiteralTree) t).getValue());
      case BOOLEAN_LITERAL:
        return new Expr.Literal(Type.BOOLEAN, ((LiteralTree) t).getValue());
      case FLOAT_LITERAL:
        error(Problem.UNSUPPORTED_TYPE, t, "float literal " + t + ": Hesse computes in double, drop the 'f'");
        return null;
      case STRING_LITERAL:
      case CHAR_LITERAL:
      case NULL_LITERAL:
        error(
            Problem.UNSUPPORTED_EXPRESSION,
            t,
            kindName(t) + " is not supported: a @Differentiable method computes with numbers and booleans only");
        return null;
      case IDENTIFIER:
        return identifier((IdentifierTree) t);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) t);
      case ARRAY_ACCESS:
        {
          ArrayAccessTree a = (ArrayAccessTree) t;
          Expr array = expr(a.getExpression());
          Expr index = expr(a.getIndex());
          if (array == null || index == null) {
            return null;
          }
          if (!array.type().isArray()) {
            error(Problem.UNSUPPORTED_EXPRESSION, t, "indexing a value that is not an array");
            return null;
          }
          if (index.type() != Type.INT) {
            error(Problem.UNSUPPORTED_EXPRESSION, a.getIndex(), "an array index must be an int");
            return null;
          }
          return new Expr.Index(array, index);
        }
      case UNARY_MINUS:
      case UNARY_PLUS:
      case LOGICAL_COMPLEMENT:
      case BITWISE_COMPLEMENT:
        return unary((UnaryTree) t);
      case PREFIX_INCREMENT:
      case POSTFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_DECREMENT:
        expr(((UnaryTree) t).getExpression());
        error(
            Problem.EMBEDDED_ASSIGNMENT,
            t,
            "'" + t + "' inside an expression is not supported: increment in a statement of its own");
        return null;
      case ASSIGNMENT:
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
      case AND_ASSIGNMENT:
      case OR_ASSIGNMENT:
      case XOR_ASSIGNMENT:
      case LEFT_SHIFT_ASSIGNMENT:
      case RIGHT_SHIFT_ASSIGNMENT:
      case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
        error(
            Problem.EMBEDDED_ASSIGNMENT,
            t,
            "an assignment inside an expression is not supported: assign in a statement of its own");
        return null;
      case CONDITIONAL_EXPRESSION:
        {
          ConditionalExpressionTree c = (ConditionalExpressionTree) t;
          Expr cond = condition(c.getCondition());
          Expr a = expr(c.getTrueExpression());
          Expr b = expr(c.getFalseExpression());
          if (cond == null || a == null || b == null) {
            return null;
          }
          if (a.type() == b.type()) {
            return new Expr.Conditional(cond, a, b);
          }
          if (a.type().isNumeric() && b.type().isNumeric()) {
            Type common = Type.promote(a.type(), b.type());
            return new Expr.Conditional(cond, castIfNeeded(a, common), castIfNeeded(b, common));
          }
          error(Problem.UNSUPPORTED_EXPRESSION, t, "the branches of ?: have incompatible types");
          return null;
        }
      case TYPE_CAST:
        return cast((TypeCastTree) t);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) t);
      case NEW_CLASS:
      case NEW_ARRAY:
        error(
            Problem.ALLOCATION,
            t,
            "allocating objects or arrays is not supported in a @Differentiable method: pass work arrays in as"
                + " @NoDerivative parameters, or compute with double locals");
        return null;
      case LAMBDA_EXPRESSION:
        error(Problem.UNSUPPORTED_EXPRESSION, t, "lambdas are not supported: write the loop out");
        return null;
      case MEMBER_REFERENCE:
        error(Problem.UNSUPPORTED_EXPRESSION, t, "method references are not supported: write the loop out");
        return null;
      case INSTANCE_OF:
        error(Problem.UNSUPPORTED_EXPRESSION, t, "instanceof is not supported: there are no objects here");
        return null;
      default:
        if (t instanceof BinaryTree b) {
          return binaryTree(b);
        }
        error(
            Problem.UNSUPPORTED_EXPRESSION,
            t,
            "this expression (" + kindName(t) + ") is not supported in a @Differentiable method");
        return null;
    }
  }

  private static Expr castIfNeeded(Expr e, Type to) {
    return e.type() == to ? e : new Expr.Cast(to, e);
  }

  private Expr identifier(IdentifierTree id) {
    String name = id.getName().toString();
    Expr row = rowAliases.get(name);
    if (row != null) {
      return row;
    }
    Variable v = lookupLocal(name);
    if (v != null) {
      return isPoisoned(v) ? null : new Expr.Ref(v);
    }
    if (name.equals("this") || name.equals("super")) {
      error(
          Problem.FIELD_READ,
          id,
          "'" + name + "' is not supported: a @Differentiable method may not use its receiver yet");
      return null;
    }
    Element field = findField(name);
    if (field != null) {
      return fieldRead((VariableElement) field, id);
    }
    Element imported = staticImport(name);
    if (imported != null) {
      return fieldRead((VariableElement) imported, id);
    }
    error(
        Problem.UNRESOLVED_NAME,
        id,
        "cannot resolve '" + name + "': use a parameter, a local or a static final constant of this class");
    return null;
  }

  /** A field named {@code name} of the method's class or an enclosing class. */
  private Element findField(String name) {
    for (Element type = owner; type instanceof TypeElement; type = type.getEnclosingElement()) {
      for (Element member : type.getEnclosedElements()) {
        if (member.getKind() == ElementKind.FIELD && member.getSimpleName().contentEquals(name)) {
          return member;
        }
      }
    }
    return null;
  }

  private List<String> staticImportOwners(String name) {
    return resolver.staticImportOwners(name);
  }

  /** A static field imported by name or on demand (Math.PI and Math.E included). */
  private Element staticImport(String name) {
    for (String owner : staticImportOwners(name)) {
      TypeElement type = elements.getTypeElement(owner);
      if (type == null) {
        continue;
      }
      for (Element e : type.getEnclosedElements()) {
        if (e.getKind() == ElementKind.FIELD && e.getSimpleName().contentEquals(name)) {
          return e;
        }
      }
    }
    return null;
  }

  private boolean importsMathFunction(String name) {
    return staticImportOwners(name).stream().anyMatch(Frontend::isMathClass);
  }

  /**
   * Whether a bare {@code name} means {@code StrictMath.name}: a single-static-import shadows static imports on demand
   * (JLS 6.4.1), so the single imports decide when there are any.
   */
  private boolean importsStrictMath(String name) {
    return resolver.staticImportOwnerOf(name).map(o -> o.endsWith("StrictMath")).orElse(false);
  }


  /**
   * A field of the receiver: a constant of the function, read through the generated methods' {@code self}
   * parameter, so it must be visible from the generated class.
   */
  private Expr instanceFieldRead(VariableElement field, Tree where) {
    String name = field.getSimpleName().toString();
    if (method.getModifiers().contains(Modifier.STATIC)) {
      error(Problem.FIELD_READ, where, "instance field '" + name + "' cannot be read from a static method");
      return null;
    }
    if (field.getModifiers().contains(Modifier.PRIVATE)) {
      error(
          Problem.FIELD_READ,
          where,
          "private field '" + name + "' cannot be read by the generated class: make it package-private, or pass"
              + " the value as a parameter (@NoDerivative if it is data)");
      return null;
    }
    Type type = typeOf(field.asType());
    if (type == null) {
      error(
          Problem.UNSUPPORTED_TYPE,
          where,
          "field '" + name + "' has type " + field.asType() + ": only numeric, boolean and array fields can be"
              + " read");
      return null;
    }
    return Expr.FieldRef.ofReceiver(name, type);
  }

  private Expr fieldRead(VariableElement field, Tree where) {
    String name = field.getSimpleName().toString();
    Set<Modifier> mods = field.getModifiers();
    if (!mods.contains(Modifier.STATIC)) {
      return instanceFieldRead(field, where);
    }
    if (!mods.contains(Modifier.FINAL)) {
      error(
          Problem.FIELD_READ,
          where,
          "reading mutable static field '" + name + "' is not supported: make it final, or pass it as a"
              + " @NoDerivative parameter");
      return null;
    }
    Type type = typeOf(field.asType());
    Object constant = field.getConstantValue();
    if (constant != null && type != null && !type.isArray()) {
      // A compile-time constant: inline it, as javac does, so private constants work too.
      if (type == Type.DOUBLE) {
        return Expr.Literal.of(((Number) constant).doubleValue());
      }
      return new Expr.Literal(type, constant);
    }
    if (constant != null && type == null) {
      error(
          Problem.UNSUPPORTED_TYPE,
          where,
          "constant '" + name + "' has type " + field.asType() + ": declare it double, int, long or boolean");
      return null;
    }
    if (type == null) {
      error(
          Problem.UNSUPPORTED_TYPE,
          where,
          "static field '" + name + "' has type " + field.asType() + ": only numeric constants and arrays are"
              + " supported");
      return null;
    }
    if (mods.contains(Modifier.PRIVATE)) {
      error(
          Problem.FIELD_READ,
          where,
          "private static field '" + name + "' is not a compile-time constant, so the generated class cannot"
              + " read it: make it package-private");
      return null;
    }
    TypeElement declaring = (TypeElement) field.getEnclosingElement();
    return new Expr.FieldRef(declaring.getQualifiedName().toString(), name, type);
  }

  private Expr memberSelect(MemberSelectTree t) {
    String member = t.getIdentifier().toString();
    ExpressionTree target = t.getExpression();
    String targetText = target.toString();
    if (member.equals("length")) {
      Expr array = expr(target);
      if (array == null) {
        return null;
      }
      if (!array.type().isArray()) {
        error(Problem.UNSUPPORTED_EXPRESSION, t, "'.length' of a value that is not an array");
        return null;
      }
      return new Expr.Length(array);
    }
    if (isMathClass(targetText)) {
      if (member.equals("PI")) {
        return Expr.Literal.of(Math.PI);
      }
      if (member.equals("E")) {
        return Expr.Literal.of(Math.E);
      }
    }
    if (targetText.equals("Double") || targetText.equals("java.lang.Double")) {
      switch (member) {
        case "MAX_VALUE":
          return Expr.Literal.of(Double.MAX_VALUE);
        case "MIN_VALUE":
          return Expr.Literal.of(Double.MIN_VALUE);
        case "POSITIVE_INFINITY":
          return Expr.Literal.of(Double.POSITIVE_INFINITY);
        case "NEGATIVE_INFINITY":
          return Expr.Literal.of(Double.NEGATIVE_INFINITY);
        case "NaN":
          return Expr.Literal.of(Double.NaN);
        default:
          break;
      }
    }
    if (targetText.equals("Integer") || targetText.equals("java.lang.Integer")) {
      if (member.equals("MAX_VALUE")) {
        return Expr.Literal.ofInt(Integer.MAX_VALUE);
      }
      if (member.equals("MIN_VALUE")) {
        return Expr.Literal.ofInt(Integer.MIN_VALUE);
      }
    }
    if (target instanceof IdentifierTree id && id.getName().contentEquals("this")) {
      Element field = findField(member);
      if (field != null && !field.getModifiers().contains(Modifier.STATIC)) {
        return instanceFieldRead((VariableElement) field, t);
      }
      error(Problem.UNRESOLVED_NAME, t, "cannot resolve '" + t + "'");
      return null;
    }
    // A static field of this class or an enclosing class, named through its class.
    for (Element type = owner; type instanceof TypeElement te; type = type.getEnclosingElement()) {
      if (te.getSimpleName().contentEquals(targetText) || te.getQualifiedName().contentEquals(targetText)) {
        for (Element e : te.getEnclosedElements()) {
          if (e.getKind() == ElementKind.FIELD && e.getSimpleName().contentEquals(member)) {
            return fieldRead((VariableElement) e, t);
          }
        }
      }
    }
    Variable local = target instanceof IdentifierTree id ? lookupLocal(id.getName().toString()) : null;
    if (local != null) {
      error(Problem.UNSUPPORTED_EXPRESSION, t, "'" + t + "' is not supported: only '.length' of an array");
      return null;
    }
    error(
        Problem.UNRESOLVED_NAME,
        t,
        "cannot resolve '" + t + "': Hesse reads static final constants of the method's own class (and Math.PI,"
            + " Math.E); copy the value into a constant of this class or pass it as a parameter");
    return null;
  }

  private static boolean isMathClass(String name) {
    return name.equals("Math") || name.equals("StrictMath") || name.equals("java.lang.Math")
        || name.equals("java.lang.StrictMath");
  }

  private Expr unary(UnaryTree u) {
    Expr x = expr(u.getExpression());
    if (x == null) {
      return null;
    }
    switch (u.getKind()) {
      case UNARY_PLUS:
        if (!x.type().isNumeric()) {
          error(Problem.UNSUPPORTED_EXPRESSION, u, "unary + needs a number");
          return null;
        }
        return x;
      case UNARY_MINUS:
        if (!x.type().isNumeric()) {
          error(Problem.UNSUPPORTED_EXPRESSION, u, "unary - needs a number");
          return null;
        }
        return new Expr.Unary(Op.NEG, x);
      case LOGICAL_COMPLEMENT:
        if (x.type() != Type.BOOLEAN) {
          error(Problem.UNSUPPORTED_EXPRESSION, u, "! needs a boolean");
          return null;
        }
        return new Expr.Unary(Op.NOT, x);
      default:
        if (!x.type().isIntegral()) {
          error(Problem.UNSUPPORTED_EXPRESSION, u, "~ needs an int or long");
          return null;
        }
        return new Expr.Unary(Op.BIT_NOT, x);
    }
  }

  private Expr binaryTree(BinaryTree b) {
    Expr l = expr(b.getLeftOperand());
    Expr r = expr(b.getRightOperand());
    Op op = binaryOp(b.getKind());
    if (op == null) {
      error(Problem.UNSUPPORTED_EXPRESSION, b, "operator " + kindName(b) + " is not supported");
      return null;
    }
    if (l == null || r == null) {
      return null;
    }
    return binary(op, l, r, b);
  }

  private static Op binaryOp(Tree.Kind kind) {
    switch (kind) {
      case PLUS:
        return Op.ADD;
      case MINUS:
        return Op.SUB;
      case MULTIPLY:
        return Op.MUL;
      case DIVIDE:
        return Op.DIV;
      case REMAINDER:
        return Op.REM;
      case LESS_THAN:
        return Op.LT;
      case LESS_THAN_EQUAL:
        return Op.LE;
      case GREATER_THAN:
        return Op.GT;
      case GREATER_THAN_EQUAL:
        return Op.GE;
      case EQUAL_TO:
        return Op.EQ;
      case NOT_EQUAL_TO:
        return Op.NE;
      case CONDITIONAL_AND:
        return Op.AND;
      case CONDITIONAL_OR:
        return Op.OR;
      case AND:
        return Op.BIT_AND;
      case OR:
        return Op.BIT_OR;
      case XOR:
        return Op.BIT_XOR;
      case LEFT_SHIFT:
        return Op.SHL;
      case RIGHT_SHIFT:
        return Op.SHR;
      case UNSIGNED_RIGHT_SHIFT:
        return Op.USHR;
      default:
        return null;
    }
  }

  /** Type-checks a binary operation as Java does; null after reporting a mismatch. */
  private Expr binary(Op op, Expr l, Expr r, Tree where) {
    Type lt = l.type();
    Type rt = r.type();
    switch (op) {
      case ADD:
      case SUB:
      case MUL:
      case DIV:
      case REM:
        if (lt.isNumeric() && rt.isNumeric()) {
          return new Expr.Binary(op, l, r, Type.promote(lt, rt));
        }
        break;
      case LT:
      case LE:
      case GT:
      case GE:
        if (lt.isNumeric() && rt.isNumeric()) {
          return new Expr.Binary(op, l, r, Type.BOOLEAN);
        }
        break;
      case EQ:
      case NE:
        if (lt.isNumeric() && rt.isNumeric() || lt == Type.BOOLEAN && rt == Type.BOOLEAN) {
          return new Expr.Binary(op, l, r, Type.BOOLEAN);
        }
        break;
      case AND:
      case OR:
        if (lt == Type.BOOLEAN && rt == Type.BOOLEAN) {
          return new Expr.Binary(op, l, r, Type.BOOLEAN);
        }
        break;
      case BIT_AND:
      case BIT_OR:
      case BIT_XOR:
        if (lt == Type.BOOLEAN && rt == Type.BOOLEAN) {
          return new Expr.Binary(op, l, r, Type.BOOLEAN);
        }
        if (lt.isIntegral() && rt.isIntegral()) {
          return new Expr.Binary(op, l, r, Type.promote(lt, rt));
        }
        break;
      case SHL:
      case SHR:
      case USHR:
        if (lt.isIntegral() && rt.isIntegral()) {
          return new Expr.Binary(op, l, r, lt);
        }
        break;
      default:
        break;
    }
    error(
        Problem.UNSUPPORTED_EXPRESSION,
        where,
        "operator " + op.symbol() + " is not defined for " + lt.javaName() + " and " + rt.javaName());
    return null;
  }

  private Expr cast(TypeCastTree c) {
    Expr x = expr(c.getExpression());
    Tree typeTree = c.getType();
    Type to = null;
    if (typeTree instanceof PrimitiveTypeTree p) {
      switch (p.getPrimitiveTypeKind()) {
        case DOUBLE:
          to = Type.DOUBLE;
          break;
        case INT:
          to = Type.INT;
          break;
        case LONG:
          to = Type.LONG;
          break;
        default:
          break;
      }
    }
    if (to == null) {
      error(
          Problem.UNSUPPORTED_TYPE,
          c,
          "cast to " + typeTree + " is not supported: cast between double, int and long only");
      return null;
    }
    if (x == null) {
      return null;
    }
    if (!x.type().isNumeric()) {
      error(Problem.UNSUPPORTED_EXPRESSION, c, "cannot cast " + x.type().javaName() + " to " + to.javaName());
      return null;
    }
    return x.type() == to ? x : new Expr.Cast(to, x);
  }

  private Expr call(MethodInvocationTree t) {
    List<Expr> args = new ArrayList<>();
    boolean argsOk = true;
    for (ExpressionTree a : t.getArguments()) {
      Expr e = expr(a);
      argsOk &= e != null;
      args.add(e);
    }
    ExpressionTree select = t.getMethodSelect();
    String name;
    boolean strict;
    List<ExecutableElement> userMethods = new ArrayList<>(resolver.candidates(select, args.size()));
    userMethods.removeIf(
        m -> !hasAnnotation(m, DIFFERENTIABLE) && !hasAnnotation(m, CUSTOM_DERIVATIVE));
    if (!userMethods.isEmpty() && !(select instanceof MemberSelectTree ms && isMathClass(ms.getExpression().toString()))) {
      return argsOk ? userCall(t, userMethods, args) : null;
    }
    if (select instanceof MemberSelectTree sel && isMathClass(sel.getExpression().toString())) {
      name = sel.getIdentifier().toString();
      strict = sel.getExpression().toString().endsWith("StrictMath");
    } else if (select instanceof IdentifierTree id && lookupLocal(id.getName().toString()) == null
        && importsMathFunction(id.getName().toString()) && !declaredInOwner(id.getName().toString())) {
      name = id.getName().toString();
      strict = importsStrictMath(name);
    } else {
      String callee = select instanceof IdentifierTree id ? id.getName().toString()
          : select instanceof MemberSelectTree sel ? sel.getIdentifier().toString() : select.toString();
      if (select instanceof IdentifierTree && callee.equals(method.getSimpleName().toString())) {
        error(
            Problem.RECURSION,
            t,
            "'" + callee + "' calls itself: recursion is not supported; write the recursion as a loop");
        return null;
      }
      error(
          Problem.UNSUPPORTED_CALL,
          t,
          "call to '" + select + "' is not supported: a @Differentiable method may call Math and StrictMath"
              + " functions (" + Primitive.supportedNames() + "), other static @Differentiable methods, and methods"
              + " with a @CustomDerivative; give '" + callee + "' a @CustomDerivative or make it @Differentiable");
      return null;
    }
    Optional<Primitive> primitive = Primitive.byName(name);
    if (primitive.isEmpty()) {
      error(
          Problem.UNSUPPORTED_CALL,
          t,
          "Math." + name + " is not supported: Hesse differentiates " + Primitive.supportedNames());
      return null;
    }
    Primitive p = primitive.get();
    if (args.size() != p.arity()) {
      error(
          Problem.UNSUPPORTED_CALL,
          t,
          "Math." + name + " takes " + p.arity() + " argument" + (p.arity() == 1 ? "" : "s"));
      return null;
    }
    if (!argsOk) {
      return null;
    }
    List<Type> types = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      Expr a = args.get(k);
      if (!a.type().isNumeric()) {
        error(Problem.UNSUPPORTED_EXPRESSION, t.getArguments().get(k), "Math." + name + " needs numbers");
        return null;
      }
      types.add(a.type());
    }
    // Integer arguments of the double overloads widen implicitly, in the printed Java as in the source.
    return new Expr.Call(p, strict, args, p.resultType(types));
  }

  /**
   * A call of another {@code @Differentiable} method or of a method with a {@code @CustomDerivative}. Its derivatives
   * chain through the callee's generated building blocks (or the user's partials), so the callee's body need not be
   * visible: it may come from a library.
   */
  private Expr userCall(MethodInvocationTree t, List<ExecutableElement> candidates, List<Expr> args) {
    List<ExecutableElement> applicable = new ArrayList<>();
    for (ExecutableElement m : candidates) {
      if (applicable(m, args)) {
        applicable.add(m);
      }
    }
    String shown = t.getMethodSelect().toString();
    if (applicable.size() != 1) {
      error(
          Problem.UNSUPPORTED_CALL,
          t,
          applicable.isEmpty()
              ? "no overload of '" + shown + "' takes arguments of these types"
              : "the call of '" + shown + "' is ambiguous for Hesse: rename one of its overloads");
      return null;
    }
    ExecutableElement target = applicable.get(0);
    String name = target.getSimpleName().toString();
    if (target.equals(method)) {
      error(
          Problem.RECURSION,
          t,
          "'" + name + "' calls itself: recursion is not supported; write the recursion as a loop");
      return null;
    }
    if (!target.getModifiers().contains(Modifier.STATIC)) {
      error(
          Problem.UNSUPPORTED_CALL,
          t,
          "'" + name + "' is an instance method: a @Differentiable method may call only static ones; make '" + name
              + "' static (pass what it reads from its object as parameters)");
      return null;
    }
    if (target.getModifiers().contains(Modifier.PRIVATE)) {
      error(
          Problem.UNSUPPORTED_CALL,
          t,
          "'" + name + "' is private, so the generated code cannot call it: make it package-private");
      return null;
    }
    boolean custom = hasAnnotation(target, CUSTOM_DERIVATIVE);
    if (!custom) {
      List<ExecutableElement> back =
          CallResolver.pathBack(trees, elements, target, method, DIFFERENTIABLE);
      if (back != null) {
        StringBuilder chain = new StringBuilder(method.getSimpleName());
        back.forEach(m -> chain.append(" → ").append(m.getSimpleName()));
        chain.append(" → ").append(method.getSimpleName());
        error(
            Problem.RECURSION,
            t,
            "indirect recursion (" + chain + ") is not supported: write the recursion as a loop");
        return null;
      }
    }
    if (!custom && !buildingBlocksReachable(target, t)) {
      return null;
    }
    Optional<Callee> callee = callee(target, t);
    if (callee.isEmpty()) {
      return null;
    }
    List<Callee.Param> params = callee.get().parameters();
    List<Expr> converted = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      Expr arg = args.get(k);
      Callee.Param p = params.get(k);
      if (p.differentiable() && p.type() == Type.DOUBLE_ARRAY && !passableWhole(arg)) {
        error(
            Problem.UNSUPPORTED_CALL,
            t.getArguments().get(k),
            "pass a double[] parameter of this method, a constant array (a field or a @NoDerivative parameter), or a"
                + " row of a constant matrix to '" + p.name() + "' of " + name
                + ": other arrays cannot carry derivatives into a call yet");
        return null;
      }
      converted.add(arg);
    }
    return new Expr.Invoke(callee.get(), Expr.Invoke.Variant.VALUE, converted, t);
  }

  /** Whether an array argument can be passed whole to a differentiable parameter (its adjoint is known). */
  /**
   * Whether an array argument can go to a callee's differentiable array parameter: a parameter (its adjoint is a
   * slice of gradOut, or discarded for a constant one), a field, or a row of a constant matrix (a field or a
   * {@code @NoDerivative} parameter). Not a local array or a row of one: its elements may carry derivatives, which
   * the call could not return (a discarded adjoint would be a silently wrong gradient).
   */
  private boolean passableWhole(Expr arg) {
    if (arg instanceof Expr.Ref r) {
      return r.variable().role() == Variable.Role.PARAMETER;
    }
    if (arg instanceof Expr.FieldRef) {
      return true;
    }
    return arg instanceof Expr.Index i
        && (i.array() instanceof Expr.FieldRef
            || i.array() instanceof Expr.Ref r
                && r.variable().role() == Variable.Role.PARAMETER
                && !differentiableParameters.contains(r.variable()));
  }

  private static boolean applicable(ExecutableElement m, List<Expr> args) {
    for (int k = 0; k < args.size(); k++) {
      Type p = typeOf(m.getParameters().get(k).asType());
      Type a = args.get(k).type();
      if (p == null) {
        return false;
      }
      boolean ok =
          p == a
              || p == Type.DOUBLE && a.isNumeric()
              || p == Type.LONG && a == Type.INT;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** The callee's description, or empty after reporting why it cannot be called. */
  private Optional<Callee> callee(ExecutableElement target, Tree where) {
    String name = target.getSimpleName().toString();
    if (target.getReturnType().getKind() != TypeKind.DOUBLE) {
      error(Problem.UNSUPPORTED_CALL, where, "'" + name + "' must return double to be called here");
      return Optional.empty();
    }
    List<Callee.Param> params = new ArrayList<>();
    for (VariableElement p : target.getParameters()) {
      Type type = typeOf(p.asType());
      if (type == null) {
        error(Problem.UNSUPPORTED_CALL, where, "'" + name + "' has a parameter of unsupported type " + p.asType());
        return Optional.empty();
      }
      if (type == Type.DOUBLE_MATRIX && !hasAnnotation(p, NO_DERIVATIVE)) {
        error(
            Problem.UNSUPPORTED_CALL,
            where,
            "'" + name + "' differentiates its double[][] parameter '" + p.getSimpleName() + "': calls that pass"
                + " matrices with derivatives are not supported yet; pass the rows you need as double[] parameters,"
                + " or mark '" + p.getSimpleName() + "' @NoDerivative if it is data");
        return Optional.empty();
      }
      boolean differentiable =
          (type == Type.DOUBLE || type == Type.DOUBLE_ARRAY) && !hasAnnotation(p, NO_DERIVATIVE);
      params.add(new Callee.Param(p.getSimpleName().toString(), type, differentiable));
    }
    TypeElement type = (TypeElement) target.getEnclosingElement();
    List<Callee> partials = new ArrayList<>();
    if (hasAnnotation(target, CUSTOM_DERIVATIVE)) {
      CustomDerivatives.Result result = CustomDerivatives.partials(target);
      if (result.error() != null) {
        error(
            Problem.CUSTOM_DERIVATIVE,
            where,
            "the @CustomDerivative of '" + name + "' is invalid: " + result.error());
        return Optional.empty();
      }
      for (ExecutableElement partial : result.partials()) {
        Optional<Callee> c = callee(partial, where);
        if (c.isEmpty()) {
          return Optional.empty();
        }
        partials.add(c.get());
      }
    }
    return Optional.of(
        new Callee(type.getQualifiedName().toString(), derivativesName(type), name, params, partials));
  }

  /**
   * Whether the building blocks of a {@code @Differentiable} callee will exist: generated with it when the call is
   * in the callee's own file, else only if the callee asks for them ({@code composable = true}). The rule depends on
   * the source alone, not on which files a build happens to compile together (an IDE recompiling one file would
   * otherwise drop blocks that another file's generated code calls). A callee without them, or from a class compiled
   * without Hesse, is reported at the call, where the fix is named, instead of as a missing symbol in generated code.
   */
  private boolean buildingBlocksReachable(ExecutableElement target, Tree call) {
    if (topLevel(target).equals(topLevel(method))) {
      return true;
    }
    String name = target.getSimpleName().toString();
    TypeElement type = (TypeElement) target.getEnclosingElement();
    if (trees.getPath(topLevel(target)) == null && elements.getTypeElement(derivativesName(type)) == null) {
      error(
          Problem.UNSUPPORTED_CALL,
          call,
          "'" + name + "' is @Differentiable but " + type.getQualifiedName() + " was compiled without Hesse (no "
              + derivativesName(type) + " on the class path): compile it with Hesse's annotation processor");
      return false;
    }
    if (!isComposable(target)) {
      error(
          Problem.UNSUPPORTED_CALL,
          call,
          "'" + name + "' is in another class (" + type.getQualifiedName() + "), so derivatives chain through its"
              + " building blocks, which Hesse generates only on request: annotate it"
              + " @Differentiable(composable = true)");
      return false;
    }
    return true;
  }

  /** The canonical name of the class Hesse generates for {@code type}: nested classes flattened with '_'. */
  static String derivativesName(TypeElement type) {
    List<String> names = new ArrayList<>();
    Element e = type;
    while (e instanceof TypeElement te) {
      names.add(0, te.getSimpleName().toString());
      e = e.getEnclosingElement();
    }
    String pkg = e instanceof javax.lang.model.element.PackageElement p ? p.getQualifiedName().toString() : "";
    String simple = String.join("_", names) + "Derivatives";
    return pkg.isEmpty() ? simple : pkg + "." + simple;
  }

  private boolean declaredInOwner(String methodName) {
    for (Element e : owner.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(methodName)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------- diagnostics

  private void error(Problem problem, Tree tree, String text) {
    reporter.error(problem, tree, unit, text);
  }

  /** The source text of a tree on one line, for comments in the generated code. */
  private String sourceOf(Tree tree) {
    try {
      if (source == null) {
        source = unit.getSourceFile().getCharContent(true);
      }
      long start = positions.getStartPosition(unit, tree);
      long end = positions.getEndPosition(unit, tree);
      if (start < 0 || end <= start || end > source.length()) {
        return tree.toString();
      }
      String text = source.subSequence((int) start, (int) end).toString().replaceAll("\\s+", " ").trim();
      return text.endsWith(";") ? text : text + ";";
    } catch (IOException | RuntimeException e) {
      return tree.toString();
    }
  }
}
