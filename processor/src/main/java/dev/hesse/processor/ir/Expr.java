package dev.hesse.processor.ir;

import java.util.List;
import java.util.Objects;

/** Expressions of the IR: side-effect free, typed, immutable. */
public sealed interface Expr {
  Type type();

  /** A literal of type double, int, long or boolean. */
  record Literal(Type type, Object value) implements Expr {
    public Literal {
      Objects.requireNonNull(value);
    }

    public static Literal of(double v) {
      return new Literal(Type.DOUBLE, v);
    }

    public static Literal ofInt(int v) {
      return new Literal(Type.INT, v);
    }

    public static Literal of(boolean v) {
      return new Literal(Type.BOOLEAN, v);
    }

    /** The value as a double, for numeric literals. */
    public double asDouble() {
      return ((Number) value).doubleValue();
    }

    public boolean isNumber(double v) {
      return value instanceof Number && asDouble() == v;
    }
  }

  record Ref(Variable variable) implements Expr {
    @Override
    public Type type() {
      return variable.type();
    }
  }

  /**
   * A field read as a constant of the function: a static field that is not a compile-time constant, through its
   * class ({@code owner.name}), or a field of the receiver, through the generated methods' {@code self} parameter.
   */
  record FieldRef(String ownerQualifiedName, String name, Type type) implements Expr {
    /** The name generated methods give the receiver of an instance method. */
    public static final String RECEIVER = "self";

    public static FieldRef ofReceiver(String name, Type type) {
      return new FieldRef(RECEIVER, name, type);
    }
  }

  /** {@code array[index]}. */
  record Index(Expr array, Expr index) implements Expr {
    @Override
    public Type type() {
      return array.type().element();
    }
  }

  /** {@code array.length}. */
  record Length(Expr array) implements Expr {
    @Override
    public Type type() {
      return Type.INT;
    }
  }

  record Unary(Op op, Expr operand) implements Expr {
    @Override
    public Type type() {
      return operand.type();
    }
  }

  record Binary(Op op, Expr left, Expr right, Type type) implements Expr {}

  /** A call of a {@code Math} or {@code StrictMath} function. */
  record Call(Primitive function, boolean strict, List<Expr> args, Type type) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  record Conditional(Expr condition, Expr ifTrue, Expr ifFalse) implements Expr {
    @Override
    public Type type() {
      return ifTrue.type();
    }
  }

  /**
   * A call of a user method ({@link Callee}): its value ({@link Variant#VALUE}), or its directional derivative through
   * the callee's generated building block {@code fTangent} ({@link Variant#TANGENT}, whose {@code args} are the
   * callee's arguments followed by one tangent per differentiable parameter: a double, or an array and an offset).
   * {@code site} is the source tree of the call, for diagnostics; it takes no part in equality.
   */
  record Invoke(Callee callee, Variant variant, List<Expr> args, Object site) implements Expr {
    public enum Variant {
      VALUE,
      TANGENT
    }

    public Invoke {
      args = List.copyOf(args);
    }

    @Override
    public Type type() {
      return Type.DOUBLE;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Invoke i && callee.equals(i.callee) && variant == i.variant && args.equals(i.args);
    }

    @Override
    public int hashCode() {
      return Objects.hash(callee, variant, args);
    }
  }

  /**
   * {@code new double[d0]} or {@code new double[d0][d1]}: a zeroed local array of {@code type}, one dimension per
   * nesting level. Only the initialiser of a local array at the method's top level.
   */
  record NewArray(Type type, List<Expr> dimensions) implements Expr {
    public NewArray {
      dimensions = List.copyOf(dimensions);
    }
  }

  /** A primitive cast {@code (type) operand}. */
  record Cast(Type type, Expr operand) implements Expr {}

  static Ref ref(Variable v) {
    return new Ref(v);
  }
}
