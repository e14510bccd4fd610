package dev.hesse.processor.emit;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An upper bound on the bytecode javac produces for a generated method, to reject (or leave out) a method the JVM
 * would refuse before javac reports "code too large" on the generated file, where the user cannot act on it.
 *
 * <p>Each IR node is charged the most its Java form can compile to: every local as if it needed a {@code wide}
 * instruction (4 bytes to load or store; javac uses them past 256 local slots, which large generated methods reach),
 * every literal as an {@code ldc2_w}, a comparison producing a value as its branches, an operand as if it needed a
 * conversion where the operand types differ. On long straight-line methods the bound is 1.7 to 2.3 times javac's
 * size, on small ones up to 4.5 times (the fixed allowance); {@code CodeSizeTest} checks it is never below. The
 * previous bound, a count of IR nodes, refused methods whose derivatives needed only about half the limit.
 */
public final class CodeSize {
  /** The JVM's limit on a method's code (JVMS 4.7.3: {@code code_length < 65536}). */
  public static final int JVM_LIMIT = 65_535;

  private static final int LOCAL = 4; // [wide] xload / xstore
  private static final int CONSTANT = 3; // ldc2_w, sipush, ldc_w, getstatic
  private static final int INVOKE = 3;
  private static final int BRANCH = 3;
  /** Lengths.check calls, stack allocations, Arrays.fill and the return: a generous fixed allowance. */
  private static final int PROLOGUE = 512;

  private CodeSize() {}

  /** Whether the method generated from {@code f} could exceed the JVM's limit. */
  public static boolean mayExceedJvmLimit(Function f) {
    return bound(f) > JVM_LIMIT;
  }

  /** At least the number of bytes of code javac generates for {@code f}'s method. */
  public static long bound(Function f) {
    Set<Variable> variables = new HashSet<>();
    long body = stmts(f.body(), variables);
    // Each local may be declared at the top with its default value: a constant and a store.
    return PROLOGUE + body + (long) variables.size() * (1 + LOCAL) + 16L * f.parameters().size();
  }

  private static long stmts(List<Stmt> stmts, Set<Variable> variables) {
    long n = 0;
    for (Stmt s : stmts) {
      n += stmt(s, variables);
    }
    return n;
  }

  private static long stmt(Stmt s, Set<Variable> variables) {
    if (s instanceof Stmt.Assign a) {
      variables.add(a.target());
      // the store (or a wide iinc, 6 bytes, for i += c, whose constant the value counted)
      return expr(a.value(), variables) + conversion(a.value(), a.target().type()) + LOCAL;
    } else if (s instanceof Stmt.ArrayUpdate u) {
      variables.add(u.array());
      // aload; index; [dup2; daload;] value; [dadd;] dastore
      return LOCAL + expr(u.index(), variables) + expr(u.value(), variables) + 4 + 1;
    } else if (s instanceof Stmt.Store st) {
      return expr(st.target(), variables) + expr(st.value(), variables) + 5;
    } else if (s instanceof Stmt.PopInto p) {
      return expr(p.target(), variables) + LOCAL + INVOKE + 2;
    } else if (s instanceof Stmt.Fill f) {
      variables.add(f.array());
      return LOCAL + expr(f.value(), variables) + INVOKE;
    } else if (s instanceof Stmt.ZeroOutside z) {
      variables.add(z.array());
      return LOCAL + expr(z.from(), variables) + expr(z.to(), variables) + INVOKE;
    } else if (s instanceof Stmt.If i) {
      return expr(i.condition(), variables) + 2 * BRANCH + stmts(i.then(), variables)
          + stmts(i.otherwise(), variables);
    } else if (s instanceof Stmt.Loop l) {
      return expr(l.condition(), variables) + 2 * BRANCH + stmts(l.body(), variables)
          + stmts(l.update(), variables);
    } else if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
      return BRANCH;
    } else if (s instanceof Stmt.Return r) {
      return expr(r.value(), variables) + 2;
    } else if (s instanceof Stmt.Push p) {
      return LOCAL + expr(p.value(), variables) + 1 + INVOKE;
    } else if (s instanceof Stmt.Pop p) {
      variables.add(p.target());
      return LOCAL + INVOKE + 1 + LOCAL;
    } else if (s instanceof Stmt.Record r) {
      // tape.push(value), a boolean as (value ? 1.0 : 0.0)
      return LOCAL + expr(r.value(), variables) + 2 * BRANCH + 2 * CONSTANT + INVOKE;
    } else if (s instanceof Stmt.Replay r) {
      variables.add(r.target());
      // target = tape.get(tapePosition++) [!= 0.0]: aload, iload, wide iinc, invoke, conversion or compare, store
      return LOCAL + LOCAL + 6 + INVOKE + 2 * BRANCH + CONSTANT + 3 + LOCAL;
    } else if (s instanceof Stmt.Pullback p) {
      return call(p.arguments(), variables);
    } else if (s instanceof Stmt.PullbackTangent p) {
      return call(p.arguments(), variables);
    } else if (s instanceof Stmt.Comment) {
      return 0;
    }
    throw new IllegalArgumentException("no code size for " + s);
  }

  private static long call(List<Expr> args, Set<Variable> variables) {
    long n = INVOKE + 1; // the call, and a pop of a value it returns
    for (Expr a : args) {
      n += expr(a, variables) + 1;
    }
    return n;
  }

  /** An {@code i2d}-like instruction where a value of another type meets {@code type}. */
  private static int conversion(Expr value, Type type) {
    return value.type() == type ? 0 : 1;
  }

  private static long expr(Expr e, Set<Variable> variables) {
    if (e instanceof Expr.Ref r) {
      variables.add(r.variable());
      return LOCAL;
    } else if (e instanceof Expr.Literal || e instanceof Expr.FieldRef) {
      return CONSTANT;
    } else if (e instanceof Expr.Index i) {
      return expr(i.array(), variables) + expr(i.index(), variables) + 1;
    } else if (e instanceof Expr.Length l) {
      return expr(l.array(), variables) + 1;
    } else if (e instanceof Expr.Unary u) {
      // !x as a value: branch, two constants, goto
      return expr(u.operand(), variables) + (u.op() == Op.NOT ? 2 * BRANCH + 2 : 2);
    } else if (e instanceof Expr.Binary b) {
      long operands = expr(b.left(), variables) + expr(b.right(), variables);
      if (b.op().isComparison() || b.op().isLogical()) {
        // as a value: conversions, compare, branch(es), two constants, goto
        return operands + 2 + 1 + 3 * BRANCH + 2;
      }
      return operands + conversion(b.left(), b.type()) + conversion(b.right(), b.type()) + 1;
    } else if (e instanceof Expr.Call c) {
      return call(c.args(), variables);
    } else if (e instanceof Expr.Invoke i) {
      return call(i.args(), variables);
    } else if (e instanceof Expr.Conditional c) {
      return expr(c.condition(), variables) + expr(c.ifTrue(), variables) + expr(c.ifFalse(), variables)
          + 2 * BRANCH + 2;
    } else if (e instanceof Expr.Cast c) {
      return expr(c.operand(), variables) + 2;
    } else if (e instanceof Expr.NewArray a) {
      long n = CONSTANT + 1 + 3; // multianewarray: index, dimensions; or newarray
      for (Expr d : a.dimensions()) {
        n += expr(d, variables);
      }
      return n;
    }
    throw new IllegalArgumentException("no code size for " + e);
  }
}
