package dev.hesse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code double}, {@code double[]} or {@code double[][]} parameter of a {@link Differentiable} method as a
 * constant of the function (data, hyper-parameters): no derivative is computed with respect to it and it takes no
 * slot in {@code gradOut}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface NoDerivative {}
