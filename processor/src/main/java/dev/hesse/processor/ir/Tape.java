package dev.hesse.processor.ir;

/**
 * A saved-value stack of its own ({@code aTape}), beside the shared stack of each type: {@link Stmt.Push} and
 * {@link Stmt.Pop} name it when the order of their values must not interleave with the shared stack's (see
 * {@code ReverseTransform}'s taped loops). Identity matters, as for {@link Variable}; the emitter declares one
 * growable stack per tape a body uses.
 */
public final class Tape {
  private final String name;
  private final Type element;

  public Tape(String name, Type element) {
    this.name = name;
    this.element = element;
  }

  /** The preferred Java name; the emitter may add a suffix to keep names distinct. */
  public String name() {
    return name;
  }

  /** The type of the values it holds (a tangent goes on its value's tape: the same type). */
  public Type element() {
    return element;
  }

  @Override
  public String toString() {
    return name;
  }
}
