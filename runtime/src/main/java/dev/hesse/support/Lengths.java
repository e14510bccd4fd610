package dev.hesse.support;

/** Argument checks for generated code: one call instead of a branch and a message built in every method. */
public final class Lengths {
  private Lengths() {}

  /**
   * Throws {@link IllegalArgumentException} ("{@code name} has length L but {@code function} has E differentiable
   * inputs") unless {@code array.length == expected}.
   */
  public static void check(double[] array, int expected, String name, String function) {
    if (array.length != expected) {
      throw new IllegalArgumentException(
          name + " has length " + array.length + " but " + function + " has " + expected + " differentiable inputs");
    }
  }
}
