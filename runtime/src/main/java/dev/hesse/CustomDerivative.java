package dev.hesse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Supplies the derivative of a function that Hesse cannot differentiate (a special function such as {@code erf}, a
 * library call, a black-box simulation), so that {@code @Differentiable} methods can call it.
 *
 * <p>Name one method per differentiable parameter (each {@code double} not marked {@link NoDerivative}), in order:
 * the partial derivative of the function with respect to that parameter. Each must be a static
 * {@code @Differentiable} method of the same class with exactly the same parameters (and the same
 * {@code @NoDerivative} marks), returning double. Because the partials are themselves differentiated, Hessian-vector
 * products through the function are exact too.
 *
 * <pre>{@code
 * @CustomDerivative("erfDerivative")
 * static double erf(double x) { ... any Java ... }
 *
 * @Differentiable
 * static double erfDerivative(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
 * }</pre>
 *
 * <p>The function itself must be static, return double and take only {@code double}, {@code int}, {@code long} or
 * {@code boolean} parameters. Mismatches are compile errors saying what was expected.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface CustomDerivative {
  /** The names of the partial-derivative methods, one per differentiable parameter, in parameter order. */
  String[] value();
}
