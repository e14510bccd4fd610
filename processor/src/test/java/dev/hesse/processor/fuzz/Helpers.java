package dev.hesse.processor.fuzz;

import dev.hesse.processor.fuzz.Ast.BOp;
import dev.hesse.processor.fuzz.Ast.Bin;
import dev.hesse.processor.fuzz.Ast.Call;
import dev.hesse.processor.fuzz.Ast.Compound;
import dev.hesse.processor.fuzz.Ast.DLit;
import dev.hesse.processor.fuzz.Ast.Decl;
import dev.hesse.processor.fuzz.Ast.E;
import dev.hesse.processor.fuzz.Ast.Fn;
import dev.hesse.processor.fuzz.Ast.For;
import dev.hesse.processor.fuzz.Ast.ForEach;
import dev.hesse.processor.fuzz.Ast.ILit;
import dev.hesse.processor.fuzz.Ast.Invoke;
import dev.hesse.processor.fuzz.Ast.Len;
import dev.hesse.processor.fuzz.Ast.Read;
import dev.hesse.processor.fuzz.Ast.S;
import dev.hesse.processor.fuzz.Ast.T;
import dev.hesse.processor.fuzz.Ast.Var;
import java.util.List;
import java.util.Map;

/**
 * The fixed methods every generated class holds for its programs to call (issue 4: calls between methods), as
 * {@link Ast} so that the same text is printed into the class and interpreted by the {@link Oracle}:
 *
 * <pre>
 *   &#64;Differentiable static double hlp1(double u, double[] ws, &#64;NoDerivative double k)   // a loop over ws
 *   &#64;Differentiable static double hlp2(double u, double[] ws)                            // calls hlp1 and cube
 *   &#64;CustomDerivative("cubeD") static double cube(double u)                            // u³ by a loop
 *   &#64;CustomDerivative({"smulDx", "smulDy"}) static double smul(double x, double y)       // x · tanh(y)
 *   &#64;Differentiable static double hlp3(double u, &#64;NoDerivative double[] ws, int k)   // min(k, 3) trips
 *   &#64;CustomDerivative("sclD") static double scl(double u, int k, &#64;NoDerivative double c, boolean b)
 * </pre>
 *
 * with the partials cubeD, smulDx, smulDy, sclD as {@code @Differentiable} methods (a partial has its function's
 * parameters: the int, boolean and {@code @NoDerivative} ones take no partial). The oracle evaluates a
 * {@code @Differentiable} helper's body in Taylor arithmetic on the caller's Taylor arguments; a
 * {@code @CustomDerivative} one by its body for the value (the processor never reads it) and by its partials,
 * themselves evaluated in Taylor arithmetic, for the first and second derivatives.
 */
final class Helpers {
  private Helpers() {}

  /**
   * A parameter: name, type (of the elements, for an array), whether an array, whether @NoDerivative. Only double
   * and double[] parameters without @NoDerivative are differentiable.
   */
  record Param(String name, T type, boolean array, boolean noDerivative) {
    Param(String name, boolean array, boolean noDerivative) {
      this(name, T.DOUBLE, array, noDerivative);
    }

    boolean differentiable() {
      return type == T.DOUBLE && !noDerivative;
    }

    String declaration() {
      return (noDerivative ? "@NoDerivative " : "") + type.java + (array ? "[] " : " ") + name;
    }
  }

  /** A helper method: its annotation line, parameters, body and returned expression. */
  record Method(String name, String annotation, List<Param> params, List<S> body, E result) {}

  private static Var d(String name) {
    return new Var(name, T.DOUBLE);
  }

  private static Bin bin(BOp op, E l, E r) {
    return new Bin(op, l, r);
  }

  private static Call call(Fn fn, E... args) {
    return new Call(fn, false, List.of(args));
  }

  private static final Param U = new Param("u", false, false);
  private static final Param WS = new Param("ws", true, false);

  static final Method HLP1 = new Method("hlp1", "@Differentiable",
      List.of(U, WS, new Param("k", false, true)),
      List.of(
          new Decl(T.DOUBLE, "r", bin(BOp.MUL, d("u"), d("k")), false),
          new For("i", new ILit(0), BOp.LT, new Len("ws"), 1, null, List.of(
              new Compound("r", T.DOUBLE, BOp.ADD, bin(BOp.ADD,
                  call(Fn.SIN, bin(BOp.MUL, d("u"), new Read("ws", new Var("i", T.INT)))),
                  bin(BOp.MUL, bin(BOp.MUL, new Read("ws", new Var("i", T.INT)),
                      new Read("ws", new Var("i", T.INT))), new DLit(0.5))))))),
      d("r"));

  static final Method HLP2 = new Method("hlp2", "@Differentiable", List.of(U, WS),
      List.of(
          new Decl(T.DOUBLE, "r", new DLit(0.0), false),
          new ForEach(T.DOUBLE, "e", "ws", List.of(
              new Compound("r", T.DOUBLE, BOp.ADD, bin(BOp.MUL,
                  new Invoke("hlp1", List.of(bin(BOp.MUL, d("e"), d("u")), d("ws"), new DLit(0.5))),
                  new DLit(0.25)))))),
      bin(BOp.ADD, call(Fn.TANH, d("r")), new Invoke("cube", List.of(bin(BOp.MUL, d("u"), new DLit(0.5))))));

  static final Method CUBE = new Method("cube", "@CustomDerivative(\"cubeD\")", List.of(U),
      List.of(
          new Decl(T.DOUBLE, "r", new DLit(1.0), false),
          new For("i", new ILit(0), BOp.LT, new ILit(3), 1, null,
              List.of(new Compound("r", T.DOUBLE, BOp.MUL, d("u"))))),
      d("r"));

  static final Method CUBE_D = new Method("cubeD", "@Differentiable", List.of(U), List.of(),
      bin(BOp.MUL, bin(BOp.MUL, new DLit(3.0), d("u")), d("u")));

  private static final List<Param> XY = List.of(new Param("x", false, false), new Param("y", false, false));

  static final Method SMUL = new Method("smul", "@CustomDerivative({\"smulDx\", \"smulDy\"})", XY, List.of(),
      bin(BOp.MUL, d("x"), call(Fn.TANH, d("y"))));

  static final Method SMUL_DX = new Method("smulDx", "@Differentiable", XY, List.of(), call(Fn.TANH, d("y")));

  static final Method SMUL_DY = new Method("smulDy", "@Differentiable", XY,
      List.of(new Decl(T.DOUBLE, "t", call(Fn.TANH, d("y")), false)),
      bin(BOp.MUL, d("x"), bin(BOp.SUB, new DLit(1.0), bin(BOp.MUL, d("t"), d("t")))));

  private static Var i(String name) {
    return new Var(name, T.INT);
  }

  /**
   * An int parameter as a trip count and a factor, and a {@code @NoDerivative double[]} (which the caller's
   * receiver fields, constants and {@code @NoDerivative} parameters are passed to).
   */
  static final Method HLP3 = new Method("hlp3", "@Differentiable",
      List.of(U, new Param("ws", true, true), new Param("k", T.INT, false, false)),
      List.of(
          new Decl(T.DOUBLE, "r", d("u"), false),
          new For("i", new ILit(0), BOp.LT, new Call(Fn.MIN, false, List.of(i("k"), new ILit(3))), 1, null, List.of(
              new Ast.Assign("r", T.DOUBLE, bin(BOp.ADD, bin(BOp.MUL, d("r"), new DLit(0.5)),
                  call(Fn.SIN, bin(BOp.MUL, d("u"),
                      new Read("ws", bin(BOp.REM, i("i"), new Len("ws")))))))))),
      bin(BOp.ADD, d("r"), bin(BOp.MUL, d("u"), bin(BOp.REM, i("k"), new ILit(5)))));

  private static final List<Param> SCL_PARAMS = List.of(U, new Param("k", T.INT, false, false),
      new Param("c", false, true), new Param("b", T.BOOLEAN, false, false));

  /** A custom derivative with int, {@code @NoDerivative double} and boolean parameters besides its variable u. */
  static final Method SCL = new Method("scl", "@CustomDerivative(\"sclD\")", SCL_PARAMS, List.of(),
      new Ast.Cond(new Var("b", T.BOOLEAN),
          bin(BOp.MUL, bin(BOp.MUL, d("c"), call(Fn.SIN, d("u"))), bin(BOp.REM, i("k"), new ILit(4))),
          bin(BOp.MUL, call(Fn.COS, d("u")), d("c"))));

  static final Method SCL_D = new Method("sclD", "@Differentiable", SCL_PARAMS, List.of(),
      new Ast.Cond(new Var("b", T.BOOLEAN),
          bin(BOp.MUL, bin(BOp.MUL, d("c"), call(Fn.COS, d("u"))), bin(BOp.REM, i("k"), new ILit(4))),
          bin(BOp.MUL, new Ast.Un(Ast.UOp.NEG, call(Fn.SIN, d("u"))), d("c"))));

  static final List<Method> ALL = List.of(HLP1, HLP2, CUBE, CUBE_D, SMUL, SMUL_DX, SMUL_DY, HLP3, SCL, SCL_D);

  static final Map<String, Method> BY_NAME = Map.of("hlp1", HLP1, "hlp2", HLP2, "cube", CUBE, "cubeD", CUBE_D,
      "smul", SMUL, "smulDx", SMUL_DX, "smulDy", SMUL_DY, "hlp3", HLP3, "scl", SCL, "sclD", SCL_D);

  /** The partials of a {@code @CustomDerivative} helper, in parameter order; empty for a differentiable one. */
  static List<Method> partials(Method m) {
    switch (m.name()) {
      case "cube":
        return List.of(CUBE_D);
      case "smul":
        return List.of(SMUL_DX, SMUL_DY);
      case "scl":
        return List.of(SCL_D);
      default:
        return List.of();
    }
  }

  /** The helpers' Java source, for the generated class. */
  static String source() {
    StringBuilder sb = new StringBuilder();
    for (Method m : ALL) {
      sb.append("  ").append(m.annotation()).append("\n  static double ").append(m.name()).append('(');
      for (int k = 0; k < m.params().size(); k++) {
        sb.append(k == 0 ? "" : ", ").append(m.params().get(k).declaration());
      }
      sb.append(") {\n");
      for (S s : m.body()) {
        Ast.stmt(s, sb, 2);
      }
      sb.append("    return ").append(Ast.expr(m.result())).append(";\n  }\n\n");
    }
    return sb.toString();
  }
}
