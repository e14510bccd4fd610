package dev.hesse.processor.ir;

import java.util.List;

/**
 * A user method that a {@code @Differentiable} method calls: another {@code @Differentiable} method (in this
 * compilation or a library compiled earlier with Hesse), whose generated building blocks chain the derivatives, or a
 * method with a {@code @CustomDerivative}, whose partial derivatives the user wrote.
 *
 * @param owner the canonical name of the class declaring the method (for the value call)
 * @param derivatives the canonical name of the class Hesse generates for {@code owner} (for the building blocks)
 * @param name the method's name
 * @param parameters the method's parameters: their types and which carry derivatives
 * @param partials for a custom derivative: one callee per differentiable parameter, in order, each computing that
 *     partial derivative (a {@code @Differentiable} method with the same parameters); empty otherwise
 */
public record Callee(
    String owner, String derivatives, String name, List<Param> parameters, List<Callee> partials) {
  public Callee {
    parameters = List.copyOf(parameters);
    partials = List.copyOf(partials);
  }

  /** A parameter of the callee: {@code differentiable} ones take adjoint and tangent slots in its building blocks. */
  public record Param(String name, Type type, boolean differentiable) {}

  public boolean isCustom() {
    return !partials.isEmpty();
  }

  /** The building block names, as documented in the README: {@code fPullback}, {@code fTangent}, ... */
  public String pullbackName() {
    return name + "Pullback";
  }

  public String tangentName() {
    return name + "Tangent";
  }

  public String pullbackTangentName() {
    return name + "PullbackTangent";
  }
}
