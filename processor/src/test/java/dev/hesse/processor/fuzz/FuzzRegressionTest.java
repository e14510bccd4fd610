package dev.hesse.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.processor.fuzz.Ast.Assign;
import dev.hesse.processor.fuzz.Ast.Call;
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

  // ------------------------------------------------------------------------------------------------ support

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
    BatchCompiler.Loaded loaded = BatchCompiler.compile(List.of(program));
    Checker.Outcome outcome = Checker.check(loaded, 0, program);
    assertTrue(outcome.checked(), () -> "the regression program was not checked (" + outcome.label() + "):"
        + program);
  }
}
