package dev.hesse.samples.suite;

import dev.hesse.Objective;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One function of the suite, seen as a function of the flat vector v of its differentiable parameters (concatenated
 * in declaration order, the gradOut layout), with its constant parameters bound.
 *
 * @param name shown in test reports, "Class.method[variant]"
 * @param point draws a test point inside the function's domain, away from its kinks
 * @param original calls the hand-written method
 * @param generated calls the generated {@code mGradient}, passing gradOut through
 * @param hvp calls the generated {@code mHvp} at the point, with the direction and hvOut (both in the gradOut
 *     layout) passed through
 * @param directional calls the generated {@code mDirectional} at the point, with the direction passed through
 * @param objective the generated {@code Objective} factory bound to the same constants, or null when the method does
 *     not have exactly one differentiable double[] (then v is x)
 */
public record Case(
    String name,
    Function<Random, double[]> point,
    ToDoubleFunction<double[]> original,
    Gradient generated,
    Hvp hvp,
    Directional directional,
    Supplier<Objective> objective) {

  /** A call of a generated gradient method on the flat vector v. */
  @FunctionalInterface
  public interface Gradient {
    double apply(double[] v, double[] gradOut);
  }

  /** A call of a generated Hessian-vector product method: returns the value, writes H(v)·dir into hvOut. */
  @FunctionalInterface
  public interface Hvp {
    double apply(double[] v, double[] dir, double[] hvOut);
  }

  /** A call of a generated directional derivative method: returns ∇f(v)·dir. */
  @FunctionalInterface
  public interface Directional {
    double apply(double[] v, double[] dir);
  }

  @Override
  public String toString() {
    return name;
  }
}
