package dev.hesse.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.Objective;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TrustRegionNewtonTest {

  private static final Objective ROSENBROCK = MghProblemsDerivatives.chainedRosenbrock();

  @Test
  void rosenbrockFromTheClassicStartReachesOneOne() {
    double[] x0 = {-1.2, 1.0};
    TrustRegionResult r = TrustRegionNewton.minimize(ROSENBROCK, x0,
        TrustRegionOptions.builder().gradientTolerance(1e-10).build());
    assertEquals(TrustRegionStatus.CONVERGED, r.status());
    assertTrue(r.success());
    assertArrayEquals(new double[] {1, 1}, r.x(), 1e-9);
    assertTrue(r.value() < 1e-20, r.toString());
    assertTrue(r.gradientNorm() <= 1e-10);
    assertArrayEquals(new double[] {-1.2, 1.0}, x0, 0.0, "x0 is not modified");
    // Value at trial points only, gradient at accepted ones (plus the start), HVPs = CG steps.
    assertEquals(r.iterations(), r.valueEvaluations());
    assertTrue(r.gradientEvaluations() <= r.iterations() + 1);
    assertEquals(r.cgSteps(), r.hvpEvaluations());
  }

  @Test
  void callbackSeesEveryIterationAndCanStop() {
    List<TrustRegionIteration> seen = new ArrayList<>();
    TrustRegionResult r = TrustRegionNewton.minimize(ROSENBROCK, new double[] {-1.2, 1.0},
        TrustRegionOptions.builder().callback(seen::add).build());
    assertEquals(r.iterations(), seen.size());
    for (int k = 0; k < seen.size(); k++) {
      assertEquals(k + 1, seen.get(k).iteration());
    }
    double previous = Double.POSITIVE_INFINITY;
    for (TrustRegionIteration it : seen) {
      assertTrue(it.value() <= previous, "monotone");
      previous = it.value();
    }

    int[] calls = {0};
    TrustRegionResult stopped = TrustRegionNewton.minimize(ROSENBROCK, new double[] {-1.2, 1.0},
        TrustRegionOptions.builder().callback(it -> ++calls[0] < 3).build());
    assertEquals(TrustRegionStatus.STOPPED_BY_CALLBACK, stopped.status());
    assertEquals(3, stopped.iterations());
    assertEquals(3, calls[0]);
  }

  @Test
  void iterationAndHvpBudgetsAreExact() {
    TrustRegionResult r = TrustRegionNewton.minimize(ROSENBROCK, new double[] {-1.2, 1.0},
        TrustRegionOptions.builder().maxIterations(5).build());
    assertEquals(TrustRegionStatus.MAX_ITERATIONS, r.status());
    assertEquals(5, r.iterations());

    double[] x0 = MghTest.alternating(100, -1.2, 1.0);
    TrustRegionResult h = TrustRegionNewton.minimize(ROSENBROCK, x0, TrustRegionOptions.builder().maxHvps(37).build());
    assertEquals(TrustRegionStatus.MAX_HVPS, h.status());
    assertEquals(37, h.hvpEvaluations());
    assertTrue(h.value() < ROSENBROCK.value(x0));

    TrustRegionResult none = TrustRegionNewton.minimize(ROSENBROCK, x0, TrustRegionOptions.builder()
        .maxIterations(0).build());
    assertEquals(0, none.iterations());
    assertEquals(1, none.gradientEvaluations());
    assertArrayEquals(x0, none.x());
  }

  @Test
  void progressPrinterWritesAHeaderAndOneLinePerIteration() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TrustRegionResult r = TrustRegionNewton.minimize(ROSENBROCK, new double[] {-1.2, 1.0},
        TrustRegionOptions.builder().callback(IterationCallback.progressPrinter(out)).build());
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(r.iterations() + 1, lines.length);
    assertTrue(lines[0].contains("iter") && lines[0].contains("|g|") && lines[0].contains("radius"), lines[0]);
    assertTrue(lines[1].trim().startsWith("1 "), lines[1]);
  }

  @Test
  void aNanRegionRejectsStepsButNeverEntersX() {
    Recording f = new Recording(TestObjectivesDerivatives.pseudoHuberWithHole());
    List<Double> iterateValues = new ArrayList<>();
    TrustRegionResult r = TrustRegionNewton.minimize(f, new double[] {-1.0, -1.0}, TrustRegionOptions.builder()
        .initialRadius(10)
        .gradientTolerance(1e-10)
        .callback(it -> iterateValues.add(it.value()))
        .build());
    assertTrue(f.nonFinite > 0, "some trial steps landed in the NaN region");
    assertEquals(TrustRegionStatus.CONVERGED, r.status(), r.toString());
    assertArrayEquals(new double[] {1, 1}, r.x(), 1e-9);
    assertTrue(iterateValues.stream().allMatch(Double::isFinite));
  }

  @Test
  void anInfimumOnTheEdgeOfANanRegionEndsNotFiniteAtTheBestPointSeen() {
    Recording f = new Recording(TestObjectivesDerivatives.quadraticBehindWall());
    TrustRegionResult r = TrustRegionNewton.minimize(f, new double[] {-3.0, 0.0});
    assertEquals(TrustRegionStatus.OBJECTIVE_NOT_FINITE, r.status(), r.toString());
    assertTrue(r.x()[0] <= 1 && Double.isFinite(r.value()));
    assertTrue(r.x()[0] > 1 - 1e-6, "pushed up to the wall: " + r);
    assertEquals(f.lowest, r.value(), 0.0, "the lowest finite value evaluated");
    assertTrue(r.message().contains("NaN"));
  }

  @Test
  void aNonFiniteStartStopsImmediately() {
    TrustRegionResult r = TrustRegionNewton.minimize(TestObjectivesDerivatives.quadraticBehindWall(),
        new double[] {2.0, 0.0});
    assertEquals(TrustRegionStatus.OBJECTIVE_NOT_FINITE, r.status());
    assertEquals(0, r.iterations());
    assertFalse(r.success());
  }

  @Test
  void optionsAreValidatedWithSpecificMessages() {
    assertMessage("eta must satisfy 0 <= eta < 0.25, got 0.3", b -> b.eta(0.3));
    assertMessage("initialRadius must be positive and finite, got 0.0", b -> b.initialRadius(0));
    assertMessage("maxRadius must be positive and finite, got Infinity", b -> b.maxRadius(Double.POSITIVE_INFINITY));
    assertMessage("gradientTolerance must be non-negative and finite, got NaN", b -> b.gradientTolerance(Double.NaN));
    assertMessage("maxIterations must be non-negative, got -1", b -> b.maxIterations(-1));
    assertMessage("maxHvps must be at least 1, got 0", b -> b.maxHvps(0));
    assertMessage("maxCgSteps must be at least 1, got 0", b -> b.maxCgSteps(0));
    assertMessage("diagonalFloor must be in (0, 1), got 1.0", b -> b.diagonalFloor(1));
    assertMessage("preconditionerRefresh must be at least 1, got 0", b -> b.preconditionerRefresh(0));
    assertMessage("initialRadius (5.0) must not exceed maxRadius (2.0)",
        b -> b.initialRadius(5).maxRadius(2).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrustRegionNewton.minimize(ROSENBROCK, new double[0]));
    assertEquals("x0 must have at least one entry", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DiagonalEstimator.hutchinson(0, 1));
    assertEquals("hutchinson probes must be at least 1, got 0", e.getMessage());
  }

  private static void assertMessage(String message, Function<TrustRegionOptions.Builder, Object> setter) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> setter.apply(TrustRegionOptions.builder()));
    assertEquals(message, e.getMessage());
  }

  @Test
  void defaultsAreAsDocumented() {
    TrustRegionOptions o = TrustRegionOptions.defaults();
    assertEquals(1.0, o.initialRadius());
    assertEquals(1e10, o.maxRadius());
    assertEquals(0.15, o.eta());
    assertEquals(1e-6, o.gradientTolerance());
    assertEquals(1000, o.maxIterations());
    assertEquals(Long.MAX_VALUE, o.maxHvps());
    assertTrue(o.maxCgSteps().isEmpty());
    assertTrue(o.preconditioner().isEmpty());
    assertTrue(o.callback().isEmpty());
  }

  @Test
  void diagonalEstimators() {
    Objective f = TestObjectivesDerivatives.badlyScaled();
    double[] x = MghTest.x0(50, i -> 0.5 + 0.01 * i);
    double[] exact = new double[50];
    DiagonalEstimator.exact().estimate(f, x, exact);
    double[] e = new double[50];
    double[] he = new double[50];
    for (int i = 0; i < 50; i++) {
      e[i] = 1;
      f.hvp(x, e, he);
      e[i] = 0;
      assertEquals(he[i], exact[i], 0.0);
    }
    double[] estimate = new double[50];
    DiagonalEstimator.hutchinson(64, 7).estimate(f, x, estimate);
    double[] again = new double[50];
    DiagonalEstimator.hutchinson(64, 7).estimate(f, x, again);
    assertArrayEquals(estimate, again, 0.0, "reproducible");
    for (int i = 0; i < 50; i++) {
      // Off-diagonal entries are ±2, so each entry's error is at most 4 · (a sum of 64 random signs) / 64.
      assertEquals(exact[i], estimate[i], 4 * 4 / 8.0 + 1e-9 * exact[i]);
    }
  }

  @Test
  void preconditioningReducesTheHvpCountOnABadlyScaledProblem() {
    Objective f = TestObjectivesDerivatives.badlyScaled();
    double[] x0 = new double[200];
    TrustRegionOptions base = TrustRegionOptions.builder().gradientTolerance(1e-8).maxIterations(10_000).build();
    TrustRegionResult plain = TrustRegionNewton.minimize(f, x0, base);
    TrustRegionResult hutchinson = TrustRegionNewton.minimize(f, x0, base.toBuilder()
        .preconditioner(DiagonalEstimator.hutchinson(4, 42)).build());
    TrustRegionResult exact = TrustRegionNewton.minimize(f, x0, base.toBuilder()
        .preconditioner(DiagonalEstimator.exact()).preconditionerRefresh(1000).build());
    System.out.printf("%nBadly scaled problem, n = 200, scales 1..1e6:%n  no preconditioner: %s%n"
        + "  Hutchinson (4 probes) diagonal: %s%n  exact diagonal, estimated once: %s%n", plain, hutchinson, exact);
    for (TrustRegionResult r : List.of(plain, hutchinson, exact)) {
      assertEquals(TrustRegionStatus.CONVERGED, r.status(), r.toString());
      assertArrayEquals(MghTest.x0(200, i -> 1.0), r.x(), 1e-8);
    }
    assertTrue(hutchinson.hvpEvaluations() < plain.hvpEvaluations() / 2, hutchinson + " vs " + plain);
    assertTrue(exact.hvpEvaluations() < plain.hvpEvaluations(), exact + " vs " + plain);
  }

  /** Records the lowest finite value and counts non-finite ones. */
  static final class Recording implements Objective {
    private final Objective f;
    int nonFinite;
    double lowest = Double.POSITIVE_INFINITY;

    Recording(Objective f) {
      this.f = f;
    }

    private double record(double v) {
      if (Double.isFinite(v)) {
        lowest = Math.min(lowest, v);
      } else {
        nonFinite++;
      }
      return v;
    }

    @Override
    public double value(double[] x) {
      return record(f.value(x));
    }

    @Override
    public double gradient(double[] x, double[] gradOut) {
      return record(f.gradient(x, gradOut));
    }

    @Override
    public void hvp(double[] x, double[] v, double[] hvOut) {
      f.hvp(x, v, hvOut);
    }
  }
}
