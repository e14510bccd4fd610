package dev.hesse.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hesse.processor.fuzz.Ast.Assign;
import dev.hesse.processor.fuzz.Ast.Call;
import dev.hesse.processor.fuzz.Ast.Compound;
import dev.hesse.processor.fuzz.Ast.DLit;
import dev.hesse.processor.fuzz.Ast.E;
import dev.hesse.processor.fuzz.Ast.Fn;
import dev.hesse.processor.fuzz.Ast.ForEach;
import dev.hesse.processor.fuzz.Ast.Inputs;
import dev.hesse.processor.fuzz.Ast.P;
import dev.hesse.processor.fuzz.Ast.Program;
import dev.hesse.processor.fuzz.Ast.S;
import dev.hesse.processor.fuzz.Ast.T;
import dev.hesse.processor.fuzz.Ast.Var;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every processor bug the fuzzer ({@link FuzzProcessorTest}) found, as the minimal program it shrank to, checked the
 * same way: compiled with the processor, values bit for bit, derivatives against the {@link Oracle}. A test is
 * {@code @Disabled("processor bug: ...")} while its bug is open; enable it with the fix.
 */
class FuzzRegressionTest {

  // ------------------------------------------------------------------------------------------------ the bugs

  /**
   * Found by the fuzzer (seed 7968267651680297486), shrunk from a 60-line program to:
   *
   * <pre>
   *   static double f(double x1, @NoDerivative double[] w) {
   *     for (double e1 : w) {
   *       x1 = 0.5;
   *     }
   *     return Math.sin(x1);
   *   }
   * </pre>
   *
   * The result does not depend on x1 when w is not empty, so ∂f/∂x1 = 0; fGradient returns cos(0.5) = 0.8776 (and
   * fHvp, fDirectional are wrong too). The loop is fused with its reverse sweep ("Adjoint of this iteration, at
   * once: the loop only accumulates"), so its adjoint {@code x1Bar = 0.0} runs before the return's seed
   * {@code x1Bar += cos(x1)} instead of after it. {@code ReverseTransform.fuse} moves a seed ahead of the loop only
   * when the loop's adjoint <em>reads</em> what the seed writes; a seed writing an adjoint that the loop's adjoint
   * <em>overwrites</em> (an assignment's {@code vBar = 0}) is neither moved nor a reason to refuse fusion.
   * Fixed: the seed is ordered before the loop's adjoint whenever that adjoint does anything but increment the
   * variable; here the seed reads x1, which the loop writes, so the loop is not fused.
   */
  @Test
  void fusedLoopOverwritingAVariableKillsItsAdjointTooEarly() {
    check(program(
        List.of(new ForEach(T.DOUBLE, "e1", "w", List.of(new Assign("x1", T.DOUBLE, new DLit(0.5))))),
        call(Fn.SIN, dbl("x1")),
        P.X1, P.W));
  }

  /**
   * Found by the generator's own review (issue 4: enhanced for with {@code var}), reduced to:
   *
   * <pre>
   *   static double f(double x0, double[] a) {
   *     for (var e1 : a) {
   *       x0 += e1 * e1;
   *     }
   *     return Math.sin(x0);
   *   }
   * </pre>
   *
   * Valid Java, and the README lists {@code var} locals and the enhanced for as supported, but the processor rejects
   * it: {@code [HesseUnsupportedType] local 'e1' has type null: only double, int, long and boolean locals are
   * supported}. {@code Frontend.enhancedFor} calls {@code localType} on the loop variable's type tree, which javac
   * leaves null for {@code var}, before it falls back to the array's element type. The generator writes the
   * element's type until this is fixed.
   */

  @Test
  void enhancedForWithVarIsRejected() {
    E square = new Ast.Bin(Ast.BOp.MUL, dbl("e1"), dbl("e1"));
    check(program(
        List.of(new ForEach(T.DOUBLE, "e1", "a", List.of(new Compound("x0", T.DOUBLE, Ast.BOp.ADD, square)), true)),
        call(Fn.SIN, dbl("x0")),
        P.X0, P.A));
  }

  /**
   * Found by the generator's own review (issue 4: static imports), reduced to:
   *
   * <pre>
   *   import static java.lang.StrictMath.*;
   *   import static java.lang.Math.sin;
   *
   *   static double f(double x0) {
   *     return sin(x0);
   *   }
   * </pre>
   *
   * A single-static-import shadows an on-demand one (JLS 6.4.1), so javac calls Math.sin; the generated code calls
   * StrictMath.sin, because {@code Frontend.importsStrictMath} asks whether <em>any</em> import that could supply
   * {@code sin} is StrictMath's. The two differ in the last bit at x0 = -1.018: f0 returns Math.sin(-1.018) =
   * -0.8510595865292049 and f0Gradient returns StrictMath.sin(-1.018) = -0.851059586529205 (the gradient is right,
   * the value is not bit for bit the method's). The reverse, Math on demand shadowed by a single StrictMath
   * import, is what {@link Ast#IMPORTS} generates, and works ({@link #singleStrictMathImportShadowsMathOnDemand}).
   */

  @Test
  void singleMathImportShadowsStrictMathOnDemand() {
    double x0 = -1.018;
    assumeTrue(Math.sin(x0) != StrictMath.sin(x0), "Math.sin and StrictMath.sin agree here on this JVM");
    Inputs at = at();
    Program program = new Program(List.of(), List.of(),
        new Call(Fn.SIN, false, List.of(dbl("x0")), Ast.Style.IMPORTED), List.of(P.X0), withX0(at, x0));
    check(program, "import static java.lang.StrictMath.*;\nimport static java.lang.Math.sin;\n");
  }

  /**
   * The generator's imports ({@link Ast#IMPORTS}: Math on demand, sin and exp singly from StrictMath) at points where
   * Math and StrictMath differ in the last bit, so that resolving a bare name by the wrong import is caught.
   */
  @Test
  void singleStrictMathImportShadowsMathOnDemand() {
    double x0 = -1.018;
    double x1 = -1.169;
    double x2 = 0.162;
    assumeTrue(Math.sin(x0) != StrictMath.sin(x0) && Math.exp(x1) != StrictMath.exp(x1)
        && Math.cos(x2) != StrictMath.cos(x2), "Math and StrictMath agree here on this JVM");
    E sum = new Ast.Bin(Ast.BOp.ADD,
        new Ast.Bin(Ast.BOp.ADD, imported(Fn.SIN, dbl("x0")), imported(Fn.EXP, dbl("x1"))),
        imported(Fn.COS, dbl("x2")));
    Inputs at = at();
    Inputs here = new Inputs(x0, x1, x2, at.a(), at.b(), at.c(), at.w(), at.n(), at.idx(), at.m(),
        at.flag(), at.mat(), at.mask(), at.ls(), at.imat(), at.self(), at.v());
    check(new Program(List.of(), List.of(), sum, List.of(P.X0, P.X1, P.X2), here));
  }

  /**
   * Found by the fuzzer (seed 2049420554256649333, a generated class that does not compile), reduced by hand to:
   *
   * <pre>
   *   static double f(double x0, int n) {
   *     double s0 = x0;
   *     {
   *       int w1 = 0;
   *       while (w1 < 1 &amp;&amp; x0 &lt; 0.0) {
   *         w1++;
   *         break;
   *       }
   *     }
   *     s0 *= 1 / (0 * n + 3);
   *     return s0;
   *   }
   * </pre>
   *
   * {@code 1 / (0 * n + 3)} is int division, 0, so f = 0 and ∂f/∂x0 = 0; fGradient gives 1/3. The adjoint is printed {@code s0Bar += s0BarIn * (1 / (0.0 + 3))}: {@code
   * Algebra.mul} returns the double {@code ZERO} for a product with a zero factor whatever the operands' type, so
   * the int product {@code 0 * n} becomes {@code 0.0} and the int division a double one ({@code Algebra.div} does
   * the same for {@code 0 / x}). The rewrite runs in {@code Simplifier.fold} (constant substitution), which here
   * follows the loop with a break; without the loop the adjoint is right.
   */

  @Test
  void intProductWithZeroFactorFoldedToDoubleChangesIntDivision() {
    E third = new Ast.Bin(Ast.BOp.DIV, new Ast.ILit(1), new Ast.Bin(Ast.BOp.ADD,
        new Ast.Bin(Ast.BOp.MUL, new Ast.ILit(0), new Var("n", T.INT)), new Ast.ILit(3)));
    check(new Program(
        List.of(new Ast.Decl(T.DOUBLE, "s0", dbl("x0"), false)),
        List.of(breakingLoop(), new Compound("s0", T.DOUBLE, Ast.BOp.MUL, third)),
        dbl("s0"), List.of(P.X0, P.N), at()));
  }

  /**
   * The same fold in an index, as the fuzzer found it: {@code s0 *= idx[0 * 1];} after the loop above gives the
   * adjoint {@code s0Bar += s0BarIn * idx[0.0];}, and the generated class does not compile ("possible lossy
   * conversion from double to int").
   */

  @Test
  void intProductWithZeroFactorFoldedToDoubleInAnIndex() {
    E read = new Ast.Read("idx", new Ast.Bin(Ast.BOp.MUL, new Ast.ILit(0), new Ast.ILit(1)));
    check(new Program(
        List.of(new Ast.Decl(T.DOUBLE, "s0", dbl("x0"), false)),
        List.of(breakingLoop(), new Compound("s0", T.DOUBLE, Ast.BOp.MUL, read)),
        dbl("s0"), List.of(P.X0, P.IDX), at()));
  }

  /**
   * Found by the fuzzer (random seed 4944517875481653746, the helper hlp3 added for issue 4's int parameters), in
   * the helper's own gradient, reduced to:
   *
   * <pre>
   *   static double f(double x0, &#64;NoDerivative double[] w) {
   *     double s0 = x0;
   *     for (int i1 = 0; i1 &lt; w.length; i1++) {
   *       s0 = s0 * 0.5 + Math.sin(x0 * w[i1]);
   *     }
   *     return s0;
   *   }
   * </pre>
   *
   * The final loop was fused with its reverse sweep ("the loop only accumulates"), so the iterations' adjoints ran
   * first to last: the adjoint of {@code s0 = s0 * 0.5 + ...} scales {@code s0Bar} by 0.5, and the first iteration's
   * term got weight 1 and the last one 0.5^(n-1) instead of the reverse (∂f/∂x0 at w = [0, 1, 0], x0 = 0: 0.75 for
   * 1.25; an exponential moving average {@code r = r * 0.5 + a[i]} gave [1, 0.5, 0.25] for [0.25, 0.5, 1]).
   * {@code ReverseTransform.fuse} checked what the adjoint does to the forward state and to the return's seed, not
   * whether the iterations' adjoints commute. Fixed: a loop is fused only when every adjoint its iterations carry
   * (all but the body's own locals') is only incremented and read nowhere else.
   */
  @Test
  void fusedLoopRunsAScaledAdjointInTheWrongOrder() {
    E step = new Ast.Bin(Ast.BOp.ADD, new Ast.Bin(Ast.BOp.MUL, dbl("s0"), new DLit(0.5)),
        call(Fn.SIN, new Ast.Bin(Ast.BOp.MUL, dbl("x0"), new Ast.Read("w", new Var("i1", T.INT)))));
    check(new Program(
        List.of(new Ast.Decl(T.DOUBLE, "s0", dbl("x0"), false)),
        List.of(new Ast.For("i1", new Ast.ILit(0), Ast.BOp.LT, new Ast.Len("w"), 1, null,
            List.of(new Assign("s0", T.DOUBLE, step)))),
        dbl("s0"), List.of(P.X0, P.W), at()));
  }

  /**
   * The same fusion with an adjoint that is reset: {@code for (...) { s0 = a[i1] * a[i1]; } return s0;} depends on
   * the last element only, but the fused loop gave the return's seed to the first iteration (gradient [2a0, 0, 0]
   * for [0, 0, 2a2]).
   */
  @Test
  void fusedLoopGivesTheReturnSeedToTheFirstIteration() {
    E square = new Ast.Bin(Ast.BOp.MUL, new Ast.Read("a", new Var("i1", T.INT)),
        new Ast.Read("a", new Var("i1", T.INT)));
    check(new Program(
        List.of(new Ast.Decl(T.DOUBLE, "s0", new DLit(0.0), false)),
        List.of(new Ast.For("i1", new Ast.ILit(0), Ast.BOp.LT, new Ast.Len("a"), 1, null,
            List.of(new Assign("s0", T.DOUBLE, square)))),
        dbl("s0"), List.of(P.A), at()));
  }

  /**
   * A fuzzer bug, not a processor one (seed -1425358691876671982): {@code smul(x0, x0 + 11.25)}, whose custom
   * partial {@code smulDy = x (1 - tanh(y)^2)} cancels at large y (relative rounding ≈ eps · e^{2y}/4). Hesse's
   * H·v and the oracle's differ by that rounding (6e-9 relative), but the oracle scaled its tolerance by the
   * second partials' values only. Fixed: the second partials of a custom derivative carry the magnitudes of their
   * own Taylor evaluation into the tolerance.
   */
  @Test
  void customPartialWithCancellationGetsItsRoundingTolerance() {
    check(program(List.of(),
        new Ast.Invoke("smul", List.of(dbl("x0"), new Ast.Bin(Ast.BOp.ADD, dbl("x0"), new DLit(11.25)))),
        P.X0));
  }

  /**
   * Every array-valued expression the language can write, passed to a helper's differentiable {@code double[]}
   * parameter ({@code hlp1}) and to a {@code @NoDerivative double[]} one ({@code hlp3}): a Hesse error or derivatives
   * equal to the oracle's, never a silently wrong one. The generator passes only the kinds the processor accepts, so
   * it could not find the two holes this closes (found in review, November 2026): a row of a local matrix to a
   * differentiable parameter (its adjoint was discarded) and a row of a differentiable matrix to a
   * {@code @NoDerivative} one (its derivative was dropped). The constant kinds and parameter arrays must stay
   * accepted.
   */
  @Test
  void everyArrayArgumentToAHelperIsRejectedOrCorrect() {
    // h and hm carry derivatives: h[0] = x0 * x0; hm[1][0] = x0.
    List<S> body = List.of(
        new Ast.Store("h", new Ast.ILit(0), null, null, new Ast.Bin(Ast.BOp.MUL, dbl("x0"), dbl("x0"))),
        new Ast.Store("hm", new Ast.ILit(1), new Ast.ILit(0), null, dbl("x0")));
    List<E> kinds = List.of(
        new Var("a", T.DOUBLE),
        new Var("w", T.DOUBLE),
        new Ast.Read("mat", new Ast.ILit(1)),
        new Ast.Read("mm", new Ast.ILit(1)),
        new Var("h", T.DOUBLE),
        new Ast.Read("hm", new Ast.ILit(1)),
        new Ast.Cond(new Var("flag", T.BOOLEAN), new Var("a", T.DOUBLE), new Var("w", T.DOUBLE)));
    StringBuilder outcomes = new StringBuilder();
    for (String helper : List.of("hlp1", "hlp3")) {
      boolean differentiableParameter = helper.equals("hlp1");
      for (E kind : kinds) {
        E third = differentiableParameter ? new DLit(0.5) : new Ast.ILit(2);
        Program program = new Program(List.of(), body, new Ast.Invoke(helper, List.of(dbl("x0"), kind, third)),
            List.of(P.X0, P.A, P.W, P.MM, P.MAT, P.FLAG), at());
        String argument = Ast.expr(kind);
        boolean constant = argument.equals("w") || argument.startsWith("mat[");
        boolean mustBeAccepted = constant || differentiableParameter && argument.equals("a");
        try {
          check(program);
          outcomes.append(helper).append('(').append(argument).append("): correct\n");
        } catch (AssertionError e) {
          if (mustBeAccepted || !String.valueOf(e.getMessage()).contains("[HesseUnsupportedCall]")) {
            throw e;
          }
          outcomes.append(helper).append('(').append(argument).append("): rejected\n");
        }
      }
    }
    // The two holes: both must now be rejected (they compiled before, with wrong derivatives).
    assertTrue(outcomes.toString().contains("hlp1(hm[1]): rejected"), outcomes::toString);
    assertTrue(outcomes.toString().contains("hlp3(mm[1]): rejected"), outcomes::toString);
  }

  /**
   * Found by the fuzzer's nested loops ({@link Gen#nested}; seed 4359612448280216338 with an earlier tuning of it,
   * second batch of 25; the final one fails at batch 20 with seed 492798424897092041) on the processor with the first
   * version of saved calls (commit 7246649's message: the calls' arguments dropped from the assignment's reverse
   * reads, which a 2 000-program campaign without {@link Gen#nested} had not caught), shrunk and then reduced by hand
   * to:
   *
   * <pre>
   *   static double f(double[] a, double x1, int n, double x0, @NoDerivative double c) {
   *     double s0 = x0;
   *     for (int i1 = 0; i1 &lt; n; i1++) {
   *       c = x0 * a[i1 % a.length];
   *       for (int i3 = 2 - 1; i3 &gt;= 0; i3--) {
   *         double t4 = x0 * a[i3 % a.length];
   *         for (int i6 = 0; i6 &lt; 2; i6++) {
   *           double t7 = x1 * a[i6 % a.length];
   *           t4 = t4 * 0.5 + x0 * Math.tanh(t7);
   *         }
   *         c += x0 * Math.tanh(t4);
   *         x1 *= 1.0 + 0.1 * x0;
   *       }
   *       s0 += a[0] * Math.tanh(c);
   *     }
   *     s0 *= 0.5;
   *     return s0 + x0;
   *   }
   * </pre>
   *
   * The i1 loop is not the method's last statement, so it is reversed iteration by iteration; the i3 loop carries
   * the product x1, so it is not taped but re-run in each of i1's reverse iterations, where only what that reverse
   * needs is computed. Each tanh is saved for its statement's adjoint (tanhOfC, tanhOfT4, tanhOfT7 on tapes). With
   * the arguments dropped, nothing of i1's reverse needed c's, t4's or t7's values any more, so the re-run of the i3
   * loop (and of the i6 loop it tapes) pushed tanh of stale t4 and t7: fGradient[0] = 0.0428 for the oracle's 0.0304
   * (fHvp and fDirectional wrong too). Fixed in that commit, before the fuzzer saw it: a saved call's arguments stay
   * among the reverse reads.
   */
  @Test
  void loopReRunInAnEnclosingReverseIterationSavesCallsOfStaleArguments() {
    E t7 = new Ast.Bin(Ast.BOp.MUL, dbl("x1"), cyclic("i6"));
    S inner = new Ast.For("i6", new Ast.ILit(0), Ast.BOp.LT, new Ast.ILit(2), 1, null, List.of(
        new Ast.Scope(new Ast.Decl(T.DOUBLE, "t7", t7, false), List.of(new Assign("t4", T.DOUBLE,
            new Ast.Bin(Ast.BOp.ADD, new Ast.Bin(Ast.BOp.MUL, dbl("t4"), new DLit(0.5)),
                new Ast.Bin(Ast.BOp.MUL, dbl("x0"), call(Fn.TANH, dbl("t7")))))))));
    S middle = new Ast.For("i3", new Ast.Bin(Ast.BOp.SUB, new Ast.ILit(2), new Ast.ILit(1)), Ast.BOp.GE,
        new Ast.ILit(0), -1, null, List.of(new Ast.Scope(
            new Ast.Decl(T.DOUBLE, "t4", new Ast.Bin(Ast.BOp.MUL, dbl("x0"), cyclic("i3")), false), List.of(
                inner,
                new Compound("c", T.DOUBLE, Ast.BOp.ADD, new Ast.Bin(Ast.BOp.MUL, dbl("x0"), call(Fn.TANH, dbl("t4")))),
                new Compound("x1", T.DOUBLE, Ast.BOp.MUL, new Ast.Bin(Ast.BOp.ADD, new DLit(1.0),
                    new Ast.Bin(Ast.BOp.MUL, new DLit(0.1), dbl("x0"))))))));
    S outer = new Ast.For("i1", new Ast.ILit(0), Ast.BOp.LT, new Var("n", T.INT), 1, null, List.of(
        new Assign("c", T.DOUBLE, new Ast.Bin(Ast.BOp.MUL, dbl("x0"), cyclic("i1"))),
        middle,
        new Compound("s0", T.DOUBLE, Ast.BOp.ADD,
            new Ast.Bin(Ast.BOp.MUL, new Ast.Read("a", new Ast.ILit(0)), call(Fn.TANH, dbl("c"))))));
    check(new Program(
        List.of(new Ast.Decl(T.DOUBLE, "s0", dbl("x0"), false)),
        List.of(outer, new Compound("s0", T.DOUBLE, Ast.BOp.MUL, new DLit(0.5))),
        new Ast.Bin(Ast.BOp.ADD, dbl("s0"), dbl("x0")), List.of(P.A, P.X1, P.N, P.X0, P.C), at()));
  }

  /** {@code a[i % a.length]}. */
  private static E cyclic(String counter) {
    return new Ast.Read("a", new Ast.Bin(Ast.BOp.REM, new Var(counter, T.INT), new Ast.Len("a")));
  }

  /** {@code { int w1 = 0; while (w1 < 1 && x0 < 0.0) { w1++; break; } }}. */
  private static S breakingLoop() {
    return new Ast.While("w1", new Ast.ILit(1), new Ast.Bin(Ast.BOp.LT, dbl("x0"), new DLit(0.0)), false,
        List.of(new Ast.Break()));
  }

  // ------------------------------------------------------------------------------------------------ support

  /** A bare call under {@link Ast#IMPORTS}: StrictMath's for the functions imported singly, else Math's. */
  static Call imported(Fn fn, E... args) {
    return new Call(fn, Ast.importedStrict(fn), List.of(args), Ast.Style.IMPORTED);
  }

  static Inputs withX0(Inputs at, double x0) {
    return new Inputs(x0, at.x1(), at.x2(), at.a(), at.b(), at.c(), at.w(), at.n(), at.idx(), at.m(),
        at.flag(), at.mat(), at.mask(), at.ls(), at.imat(), at.self(), at.v());
  }

  /** The regression programs' point: moderate values, every array non-empty, a generic direction. */
  static Inputs at() {
    return new Inputs(
        0.3, -0.7, 1.1,
        new double[] {0.5, -1.2, 0.8},
        new double[] {1.5, -0.4},
        0.9,
        new double[] {0.2, -0.6, 1.3},
        2,
        new int[] {0, 2, 1},
        3L,
        true,
        new double[][] {{0.4, -1.1, 0.7}, {1.3, 0.2, -0.5}, {-0.9, 0.6, 1.8}},
        new boolean[] {true, false, true},
        new long[] {4L, -3L},
        new int[][] {{1, 0, 2}, {3, 1, 0}},
        new Ast.Receiver(0.8, 2, -1L, true, new double[] {-0.3, 1.4}, new int[] {1, 0}),
        new double[] {0.6, -0.8, 0.3, 0.9, -0.2, 0.4, 0.7, -0.5, 0.1, 0.35, -0.45});
  }

  static Program program(List<S> body, E result, P... params) {
    return new Program(List.of(), body, result, List.of(params), at());
  }

  static Var dbl(String name) {
    return new Var(name, T.DOUBLE);
  }

  static Call call(Fn fn, E... args) {
    return new Call(fn, false, List.of(args));
  }

  /** Compiles the program alone and checks it as the fuzzer does; fails with the program and generated code. */
  static void check(Program program) {
    check(program, Ast.IMPORTS);
  }

  /** The same under other static imports (bare calls' {@code strict} must be what these imports resolve to). */
  static void check(Program program, String imports) {
    BatchCompiler.Loaded loaded = BatchCompiler.compile(List.of(program), imports);
    Checker.Outcome outcome = Checker.check(loaded, 0, program);
    assertTrue(outcome.checked(), () -> "the regression program was not checked (" + outcome.label() + "):"
        + program);
  }
}
