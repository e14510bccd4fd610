package dev.hesse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method returning {@code double} whose exact derivatives Hesse generates at compile time.
 *
 * <p>The method's <em>differentiable parameters</em> are its {@code double} and {@code double[]} parameters that are
 * not annotated {@link NoDerivative}; all other parameters are constants of the function. For a top-level class
 * {@code C}, the annotation processor generates {@code CDerivatives} beside it with, for each annotated method
 * {@code m}:
 *
 * <ul>
 *   <li>{@code static double mGradient(<m's parameters>, double[] gradOut)}: returns {@code m}'s value and writes the
 *       gradient with respect to the differentiable parameters, concatenated in declaration order (a matrix row by
 *       row), into {@code gradOut};
 *   <li>{@code static double mHvp(<m's parameters>, double[] v, double[] hvOut)}: returns the value and writes the
 *       Hessian-vector product H·v into {@code hvOut} (forward over reverse: never forms H), {@code v} and
 *       {@code hvOut} laid out like the gradient;
 *   <li>{@code static double mDirectional(<m's parameters>, double[] v)}: the directional derivative ∇m·v, by one
 *       forward-mode sweep;
 *   <li>{@code static HessianOperator mHessianAt(<m's parameters>)}: H at one point, for many products there;
 *   <li>{@code static Objective m(<m's constant parameters>)} when the differentiable parameters are exactly one
 *       {@code double[]}; {@code static MLayout mLayout(...)} naming each parameter's part of the layout when there
 *       are several;
 *   <li>the building blocks of {@link #composable()}, where they are needed.
 * </ul>
 *
 * <p>Generated methods check the lengths of the arrays they are given and are thread-safe.
 *
 * <p>The body may use the language described in the README ("Supported language"); anything else is a compile
 * error at the offending expression.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {
  /**
   * Whether to also generate the <em>building blocks</em> ({@code mPullback}, {@code mTangent},
   * {@code mPullbackTangent}) through which {@code @Differentiable} methods of other classes (in this module, another
   * module, or test sources) chain derivatives through calls of {@code m}.
   *
   * <p>Not needed for callers in {@code m}'s own source file, nor for a method named as a partial derivative by a
   * {@link CustomDerivative}: Hesse generates the building blocks for those anyway. Off by default because they are
   * three more generated methods per annotated method, most of which nothing calls (a third of what javac compiles
   * for an annotated method). A call of {@code m} from another class without it is a compile error at the call that
   * names this attribute. The rule depends on the source alone, not on which files a build compiles together.
   */
  boolean composable() default false;
}
