package dev.hesse.processor.ir;

import java.util.List;
import java.util.Set;

/**
 * Statements of the IR. The frontend produces {@link Assign}, {@link If}, {@link Loop}, {@link Break},
 * {@link Continue} and {@link Return}; desugaring removes the jumps; the transforms add the rest.
 */
public sealed interface Stmt {

  /**
   * {@code target = value}. {@code declaration} is true when this is the source's declaration of a local: its old
   * value is never needed. {@code origin} is the source text the statement came from, or null.
   */
  record Assign(Variable target, Expr value, boolean declaration, String origin) implements Stmt {
    public Assign(Variable target, Expr value) {
      this(target, value, false, null);
    }
  }

  /** {@code array[index] += value} (or {@code =} when {@code accumulate} is false): only on generated arrays. */
  record ArrayUpdate(Variable array, Expr index, Expr value, boolean accumulate) implements Stmt {}

  /**
   * {@code a[i] = value} or {@code m[i][j] = value}: an element write into a local array of the source (or an adjoint
   * or tangent array of one). Analyses treat it as an assignment of the whole array that also reads it.
   */
  record Store(Expr.Index target, Expr value, String origin) implements Stmt {
    /** The array variable written. */
    public Variable array() {
      return Exprs.root(target);
    }
  }

  /** Restores the element {@code target} from the stack of its type (the inverse of pushing it). */
  record PopInto(Expr.Index target) implements Stmt {}

  /** Sets every element of a generated array: {@code Arrays.fill(array, value)}. */
  record Fill(Variable array, Expr value) implements Stmt {}

  /**
   * Sets to 0 every element of a generated array outside {@code [from, to)} (int expressions, clamped to the array's
   * bounds), or every element when {@code to <= from}: what remains to zero of an output array whose other elements
   * a loop stored once each. Only in finished code (after the tangent transform and linearisation).
   */
  record ZeroOutside(Variable array, Expr from, Expr to) implements Stmt {}

  record If(Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /**
   * A loop: {@code for (; condition; update) body} when {@code kind} is FOR, {@code while (condition) body} or
   * {@code do body while (condition)}. A for loop's initialisers are ordinary statements before it.
   * {@code bodyLocals} are the variables the source declares inside the body: their values never carry from one
   * iteration to the next. {@code headerLocals} are those a for loop's initialiser declares: the loop's own
   * counters, invisible after it.
   */
  record Loop(
      Kind kind,
      Expr condition,
      List<Stmt> update,
      List<Stmt> body,
      Set<Variable> bodyLocals,
      Set<Variable> headerLocals)
      implements Stmt {
    public enum Kind {
      FOR,
      WHILE,
      DO_WHILE
    }

    public Loop {
      update = List.copyOf(update);
      body = List.copyOf(body);
      bodyLocals = Set.copyOf(bodyLocals);
      headerLocals = Set.copyOf(headerLocals);
    }

    public Loop withParts(Expr condition, List<Stmt> update, List<Stmt> body, Set<Variable> bodyLocals) {
      return new Loop(kind, condition, update, body, bodyLocals, headerLocals);
    }
  }

  /** Leaves the innermost loop. Removed by desugaring. */
  record Break(String origin) implements Stmt {}

  /** Skips to the innermost loop's update. Removed by desugaring. */
  record Continue(String origin) implements Stmt {}

  record Return(Expr value, String origin) implements Stmt {}

  /** Saves a value on the stack of its type, or on {@code tape} when it is not null. */
  record Push(Expr value, Tape tape) implements Stmt {
    public Push(Expr value) {
      this(value, null);
    }
  }

  /** Restores {@code target} from the stack of its type, or from {@code tape} when it is not null. */
  record Pop(Variable target, Tape tape) implements Stmt {
    public Pop(Variable target) {
      this(target, null);
    }
  }

  /** Appends a value to the tape of a linearised operator (its recording phase). */
  record Record(Expr value) implements Stmt {}

  /** Sets {@code target} to the next value of the tape (the replaying phase of a linearised operator). */
  record Replay(Variable target) implements Stmt {}

  /**
   * Calls the callee's building block {@code fPullback}: adds {@code seed · ∂f/∂p} to the adjoint of each
   * differentiable parameter p. {@code slots} holds, per differentiable parameter in order, the adjoint array and the
   * offset of p's first element in it.
   */
  record Pullback(Callee callee, List<Expr> args, Expr seed, List<Expr> slots) implements Stmt {
    public Pullback {
      args = List.copyOf(args);
      slots = List.copyOf(slots);
    }

    /** Everything passed, in the building block's parameter order. */
    public List<Expr> arguments() {
      List<Expr> all = new java.util.ArrayList<>(args);
      all.add(seed);
      all.addAll(slots);
      return all;
    }
  }

  /**
   * The tangent of a {@link Pullback}: calls {@code fPullbackTangent}. {@code tangents} are the arguments' tangents
   * (per differentiable parameter: a double, or an array and an offset); {@code slots} per differentiable parameter:
   * for a double the adjoint array, its tangent array and the offset; for an array its adjoint's tangent array and
   * the offset (an array's first-order adjoint is never read in an HVP: it is the gradient).
   */
  record PullbackTangent(
      Callee callee, List<Expr> args, List<Expr> tangents, Expr seed, Expr seedTangent, List<Expr> slots)
      implements Stmt {
    public PullbackTangent {
      args = List.copyOf(args);
      tangents = List.copyOf(tangents);
      slots = List.copyOf(slots);
    }

    /** Everything passed, in the building block's parameter order. */
    public List<Expr> arguments() {
      List<Expr> all = new java.util.ArrayList<>(args);
      all.addAll(tangents);
      all.add(seed);
      all.add(seedTangent);
      all.addAll(slots);
      return all;
    }
  }

  /** A comment line in the generated code. */
  record Comment(String text) implements Stmt {}
}
