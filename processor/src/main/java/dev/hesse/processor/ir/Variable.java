package dev.hesse.processor.ir;

/**
 * A variable of the IR. Identity matters: two declarations of {@code i} in sibling scopes are two variables; the
 * emitter gives each a distinct Java name derived from {@link #name()}.
 */
public final class Variable {
  /** What a variable is for; the emitter groups declarations by role. */
  public enum Role {
    PARAMETER,
    LOCAL,
    /** Introduced by a transform: flags, trip counts, the result. */
    SYNTHETIC,
    ADJOINT,
    TANGENT
  }

  private final String name;
  private final Type type;
  private final Role role;

  public Variable(String name, Type type, Role role) {
    this.name = name;
    this.type = type;
    this.role = role;
  }

  /** The preferred Java name; the emitter may add a suffix to keep names distinct. */
  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public Role role() {
    return role;
  }

  @Override
  public String toString() {
    return name;
  }
}
