package dev.hesse.samples.suite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hesse.HessianOperator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Local arrays and double[][] parameters beyond the finite-difference suite: closed forms, the row-by-row layout,
 * the rectangular requirement, and hessianAt (which runs the fresh HVP for methods writing local arrays).
 */
class LocalArraysTest {
  private static final double[][] W1 = {{0.3, -0.2, 0.5}, {0.1, 0.4, -0.6}};
  private static final double[] B1 = {0.05, -0.1};
  private static final double[] W2 = {0.7, -0.4};

  @Test
  void classSumsGradientAndHessianMatchTheClosedForm() {
    Random r = new Random(7);
    for (int trial = 0; trial < 5; trial++) {
      double[] x = Cases.vec(r, Cases.CLASS_OF.length, -2, 2);
      double[] sums = new double[5];
      int[] counts = new int[5];
      for (int i = 0; i < x.length; i++) {
        sums[Cases.CLASS_OF[i]] += x[i] * x[i];
        counts[Cases.CLASS_OF[i]]++;
      }
      double[] grad = new double[x.length];
      LocalArraysDerivatives.classSumsGradient(x, Cases.CLASS_OF, 5, grad);
      double[] v = Cases.vec(r, x.length, -1, 1);
      double[] hv = new double[x.length];
      LocalArraysDerivatives.classSumsHvp(x, Cases.CLASS_OF, 5, v, hv);
      for (int i = 0; i < x.length; i++) {
        int c = Cases.CLASS_OF[i];
        double s = 1 + sums[c];
        assertEquals(2 * x[i] / (s * counts[c]), grad[i], 1e-12);
        // d/dx_j of 2 x_i / (n s): 2 δ_ij / (n s) − 4 x_i x_j / (n s²) for j in the same class.
        double expected = 0;
        for (int j = 0; j < x.length; j++) {
          if (Cases.CLASS_OF[j] == c) {
            expected += ((i == j ? 2 / (counts[c] * s) : 0) - 4 * x[i] * x[j] / (counts[c] * s * s)) * v[j];
          }
        }
        assertEquals(expected, hv[i], 1e-12);
      }
    }
  }

  @Test
  void matrixParametersAreLaidOutRowByRow() {
    // f = a² + Σ_ij u_i M_ij u_j + sin(M_ij a): ∂f/∂M_ij = u_i u_j + a cos(M_ij a), at slot 1 + 3 i + j.
    double a = 0.4;
    double[][] m = {{0.1, -0.3, 0.2}, {0.5, 0.7, -0.8}};
    double[] u = {1.5, -0.5, 2.0};
    double[] grad = new double[10];
    LocalArraysDerivatives.matrixLayoutGradient(a, m, u, grad);
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(u[i] * u[j] + a * Math.cos(m[i][j] * a), grad[1 + 3 * i + j], 1e-14);
      }
    }
    IllegalArgumentException wrongLength =
        assertThrows(
            IllegalArgumentException.class,
            () -> LocalArraysDerivatives.matrixLayoutGradient(a, m, u, new double[9]));
    assertTrue(wrongLength.getMessage().contains("gradOut has length 9"), wrongLength.getMessage());
  }

  @Test
  void raggedMatricesAreRejectedWithAClearMessage() {
    double[][] ragged = {{0.1, 0.2, 0.3}, {0.4, 0.5}};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LocalArraysDerivatives.matrixLayoutGradient(0.4, ragged, new double[3], new double[10]));
    assertTrue(e.getMessage().contains("'M' must be rectangular"), e.getMessage());
    assertTrue(e.getMessage().contains("row 1 has length 2"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalArraysDerivatives.matrixLayoutHvp(0.4, ragged, new double[3], new double[10], new double[10]));
    assertThrows(
        IllegalArgumentException.class, () -> LocalArraysDerivatives.matrixLayoutHessianAt(0.4, ragged, new double[3]));
  }

  @Test
  void hessianAtOfANetworkIsItsHvpAndKeepsACopyOfTheWeights() {
    double[][] w1 = {W1[0].clone(), W1[1].clone()};
    double[] b1 = B1.clone();
    HessianOperator h = LocalArraysDerivatives.twoLayerNetHessianAt(w1, b1, W2, 0.2, Cases.NET_XS, Cases.NET_YS);
    w1[0][0] = 99; // the operator copied the matrix, row by row
    b1[1] = 99;
    Random r = new Random(3);
    for (int k = 0; k < 3; k++) {
      double[] v = Cases.vec(r, 6 + 2 + 2 + 1, -1, 1);
      double[] expected = new double[v.length];
      LocalArraysDerivatives.twoLayerNetHvp(W1, B1, W2, 0.2, Cases.NET_XS, Cases.NET_YS, v, expected);
      double[] actual = new double[v.length];
      h.apply(v, actual);
      assertArrayEquals(expected, actual, 0.0);
    }
  }

  @Test
  void localArraysLeaveTheInputsAlone() {
    double[] x = {0.3, -1.1, 0.8, 0.2};
    double[] copy = x.clone();
    LocalArraysDerivatives.overwriteGradient(x, new double[4]);
    LocalArraysDerivatives.overwriteHvp(x, new double[] {1, 2, 3, 4}, new double[4]);
    assertArrayEquals(copy, x, 0.0);
    assertEquals(LocalArrays.overwrite(x), LocalArraysDerivatives.overwriteGradient(x, new double[4]), 0.0);
  }
}
