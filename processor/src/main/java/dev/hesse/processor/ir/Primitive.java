package dev.hesse.processor.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code Math} / {@code StrictMath} functions Hesse understands. Their derivative rules live in
 * {@code dev.hesse.processor.ad.Rules}, one per primitive.
 */
public enum Primitive {
  SIN("sin", 1),
  COS("cos", 1),
  TAN("tan", 1),
  ASIN("asin", 1),
  ACOS("acos", 1),
  ATAN("atan", 1),
  ATAN2("atan2", 2),
  SINH("sinh", 1),
  COSH("cosh", 1),
  TANH("tanh", 1),
  EXP("exp", 1),
  EXPM1("expm1", 1),
  LOG("log", 1),
  LOG1P("log1p", 1),
  LOG10("log10", 1),
  SQRT("sqrt", 1),
  CBRT("cbrt", 1),
  POW("pow", 2),
  HYPOT("hypot", 2),
  ABS("abs", 1),
  MIN("min", 2),
  MAX("max", 2),
  FLOOR("floor", 1),
  CEIL("ceil", 1),
  RINT("rint", 1),
  ROUND("round", 1),
  SIGNUM("signum", 1);

  private final String javaName;
  private final int arity;

  Primitive(String javaName, int arity) {
    this.javaName = javaName;
    this.arity = arity;
  }

  public String javaName() {
    return javaName;
  }

  public int arity() {
    return arity;
  }

  /** Functions whose derivative is zero wherever it exists. */
  public boolean isPiecewiseConstant() {
    return this == FLOOR || this == CEIL || this == RINT || this == ROUND || this == SIGNUM;
  }

  /** abs, min and max keep integer arguments integral, as Java's overloads do. */
  public boolean hasIntegerOverloads() {
    return this == ABS || this == MIN || this == MAX;
  }

  /** The result type for arguments of the given (already checked) types. */
  public Type resultType(List<Type> argTypes) {
    if (hasIntegerOverloads()) {
      Type t = argTypes.get(0);
      for (Type a : argTypes) {
        t = Type.promote(t, a);
      }
      return t;
    }
    if (this == ROUND) {
      return Type.LONG;
    }
    return Type.DOUBLE;
  }

  public static Optional<Primitive> byName(String name) {
    return Arrays.stream(values()).filter(p -> p.javaName.equals(name)).findFirst();
  }

  /** The supported names, for error messages. */
  public static String supportedNames() {
    return Arrays.stream(values()).map(Primitive::javaName).collect(Collectors.joining(" "));
  }
}
