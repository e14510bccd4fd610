package dev.hesse.processor.ir;

/** The value types of Hesse's language. */
public enum Type {
  DOUBLE("double"),
  INT("int"),
  LONG("long"),
  BOOLEAN("boolean"),
  DOUBLE_ARRAY("double[]"),
  INT_ARRAY("int[]"),
  LONG_ARRAY("long[]"),
  BOOLEAN_ARRAY("boolean[]"),
  DOUBLE_MATRIX("double[][]"),
  INT_MATRIX("int[][]"),
  /** Only for the receiver of an instance method: opaque, never read by the body. */
  OBJECT("Object");

  private final String javaName;

  Type(String javaName) {
    this.javaName = javaName;
  }

  public String javaName() {
    return javaName;
  }

  public boolean isArray() {
    return this != OBJECT && javaName.endsWith("]");
  }

  public boolean isIntegral() {
    return this == INT || this == LONG;
  }

  public boolean isNumeric() {
    return this == DOUBLE || this == INT || this == LONG;
  }

  /** The element type of an array type. */
  public Type element() {
    switch (this) {
      case DOUBLE_ARRAY:
        return DOUBLE;
      case INT_ARRAY:
        return INT;
      case LONG_ARRAY:
        return LONG;
      case BOOLEAN_ARRAY:
        return BOOLEAN;
      case DOUBLE_MATRIX:
        return DOUBLE_ARRAY;
      case INT_MATRIX:
        return INT_ARRAY;
      default:
        throw new IllegalStateException(this + " is not an array type");
    }
  }

  /** The array type whose elements are {@code element}, or null when Hesse has none ({@code long[][]}, ...). */
  public static Type arrayOf(Type element) {
    if (element == null) {
      return null;
    }
    for (Type t : values()) {
      if (t.isArray() && t.element() == element) {
        return t;
      }
    }
    return null;
  }

  /** Java's binary numeric promotion. */
  public static Type promote(Type a, Type b) {
    if (a == DOUBLE || b == DOUBLE) {
      return DOUBLE;
    }
    if (a == LONG || b == LONG) {
      return LONG;
    }
    return INT;
  }
}
