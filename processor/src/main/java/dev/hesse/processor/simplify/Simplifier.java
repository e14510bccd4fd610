package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Cleans up transformed code: drops branches and loops left with nothing to do, and adjoint resets that nothing reads
 * afterwards. Only derivative code is touched; the primal statements stay exactly as the user wrote them.
 */
public final class Simplifier {
  /**
   * IR nodes past which a transformed body is rejected as too large without simplifying it, to save the compile time
   * of simplifying a body that cannot fit anyway: the largest bodies within the JVM's 64 KB limit on a method's code
   * have about 25 000 nodes (javac spends 2 to 3 bytes on a node; {@code emit.CodeSize} is the real check).
   */
  public static final int HOPELESS_SIZE = 80_000;

  private Simplifier() {}

  public static Function simplify(Function f) {
    return simplify(f, true);
  }

  /**
   * As {@link #simplify(Function)}, optionally without merging accumulations: the linearised operator's phases keep
   * the HVP's exact order of additions, so that both give bit-identical products.
   */
  public static Function simplify(Function f, boolean mergeAccumulations) {
    List<Stmt> body = dropDeadAdjointResets(dropEmpty(f.body()));
    body = propagateConstantAdjoints(body);
    if (mergeAccumulations) {
      body = mergeAccumulations(body);
    }
    int size = size(body);
    while (true) {
      body = dropEmpty(DeadStores.apply(dropDeadCode(body)));
      int after = size(body);
      if (after == size) {
        break;
      }
      size = after;
    }
    body = CommonCalls.apply(body);
    body = dropDanglingComments(body);
    return new Function(f.name(), f.parameters(), body);
  }

  /**
   * Removes assignments (and saves and restores) of variables that nothing observable reads: after forward over
   * reverse, the gradient's own values and the sweeps that only fed them; in a directional derivative, the primal
   * values no tangent needs. Observable: the returned value, writes into output arrays, and control flow.
   */
  private static List<Stmt> dropDeadCode(List<Stmt> body) {
    Set<Variable> live = new HashSet<>();
    liveRoots(body, live);
    // Closure over "v is live, so what its writes read is live", with a worklist over each variable's writes: one
    // pass over the code, where re-scanning it until nothing changes costs a pass per step back through a loop.
    Map<Variable, List<Expr>> readsOfWrites = new HashMap<>();
    collectReadsOfWrites(body, readsOfWrites);
    ArrayDeque<Variable> pending = new ArrayDeque<>(live);
    Set<Variable> found = new HashSet<>();
    while (!pending.isEmpty()) {
      for (Expr e : readsOfWrites.getOrDefault(pending.pop(), List.of())) {
        found.clear();
        Exprs.collectReads(e, found);
        for (Variable v : found) {
          if (live.add(v)) {
            pending.push(v);
          }
        }
      }
    }
    return withoutDead(body, live, body);
  }

  private static void liveRoots(List<Stmt> stmts, Set<Variable> live) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Return r) {
        Exprs.collectReads(r.value(), live);
      } else if (s instanceof Stmt.ArrayUpdate u) {
        live.add(u.array());
        Exprs.collectReads(u.index(), live);
        Exprs.collectReads(u.value(), live);
      } else if (s instanceof Stmt.Fill f) {
        live.add(f.array());
      } else if (s instanceof Stmt.Record r) {
        Exprs.collectReads(r.value(), live);
      } else if (s instanceof Stmt.Pullback || s instanceof Stmt.PullbackTangent) {
        live.addAll(Exprs.reads(List.of(s))); // writes into adjoint arrays
      } else if (s instanceof Stmt.If i) {
        Exprs.collectReads(i.condition(), live);
        liveRoots(i.then(), live);
        liveRoots(i.otherwise(), live);
      } else if (s instanceof Stmt.Loop l) {
        Exprs.collectReads(l.condition(), live);
        liveRoots(l.body(), live);
        liveRoots(l.update(), live);
      }
    }
  }

  /**
   * For each variable, the expressions a write of it reads: what becomes live once it is. An element write into a
   * local array counts as a write of the whole array (one variable).
   */
  private static void collectReadsOfWrites(List<Stmt> stmts, Map<Variable, List<Expr>> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        out.computeIfAbsent(a.target(), k -> new ArrayList<>()).add(a.value());
      } else if (s instanceof Stmt.Store st) {
        List<Expr> reads = out.computeIfAbsent(st.array(), k -> new ArrayList<>());
        reads.add(st.target());
        reads.add(st.value());
      } else if (s instanceof Stmt.PopInto p && Exprs.root(p.target()) != null) {
        out.computeIfAbsent(Exprs.root(p.target()), k -> new ArrayList<>()).add(p.target());
      } else if (s instanceof Stmt.Push p && p.value() instanceof Expr.Index i && Exprs.root(i) != null) {
        out.computeIfAbsent(Exprs.root(i), k -> new ArrayList<>()).add(i);
      } else if (s instanceof Stmt.If i) {
        collectReadsOfWrites(i.then(), out);
        collectReadsOfWrites(i.otherwise(), out);
      } else if (s instanceof Stmt.Loop l) {
        collectReadsOfWrites(l.body(), out);
        collectReadsOfWrites(l.update(), out);
      }
    }
  }

  private static List<Stmt> withoutDead(List<Stmt> stmts, Set<Variable> live, List<Stmt> whole) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && !live.contains(a.target())) {
        continue;
      }
      if (s instanceof Stmt.Push p && p.value() instanceof Expr.Ref r && !live.contains(r.variable())) {
        continue;
      }
      if (s instanceof Stmt.Pop p && !live.contains(p.target())) {
        continue;
      }
      if (s instanceof Stmt.Store st && !live.contains(st.array())) {
        continue;
      }
      if (s instanceof Stmt.PopInto p && !live.contains(Exprs.root(p.target()))) {
        continue;
      }
      if (s instanceof Stmt.Push p && p.value() instanceof Expr.Index i && !live.contains(Exprs.root(i))) {
        continue;
      }
      // A Replay always stays, even if its value is dead: the tape is read in order.
      if (s instanceof Stmt.If i) {
        s = new Stmt.If(i.condition(), withoutDead(i.then(), live, whole), withoutDead(i.otherwise(), live, whole));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt> body = withoutDead(l.body(), live, whole);
        if (onlyComments(body) && !writesReadElsewhere(l, whole)) {
          continue; // e.g. a reverse loop whose every statement was dead
        }
        s = l.withParts(l.condition(), withoutDead(l.update(), live, whole), body, l.bodyLocals());
      }
      out.add(s);
    }
    return out;
  }

  /** Whether a loop's counters are read anywhere outside the loop itself. */
  private static boolean writesReadElsewhere(Stmt.Loop loop, List<Stmt> whole) {
    Set<Variable> written = Exprs.writes(List.of(loop));
    Set<Variable> readOutside = new HashSet<>();
    readsExcept(whole, loop, readOutside);
    for (Variable v : written) {
      if (readOutside.contains(v)) {
        return true;
      }
    }
    return false;
  }

  private static void readsExcept(List<Stmt> stmts, Stmt excluded, Set<Variable> out) {
    for (Stmt s : stmts) {
      if (s == excluded) {
        continue;
      }
      if (s instanceof Stmt.If i) {
        Exprs.collectReads(i.condition(), out);
        readsExcept(i.then(), excluded, out);
        readsExcept(i.otherwise(), excluded, out);
      } else if (s instanceof Stmt.Loop l) {
        Exprs.collectReads(l.condition(), out);
        readsExcept(l.body(), excluded, out);
        readsExcept(l.update(), excluded, out);
      } else {
        out.addAll(Exprs.reads(List.of(s)));
      }
    }
  }

  // ------------------------------------------------------------------------------------------ constant seeds

  /**
   * An adjoint set once, at the top level, to a literal ({@code sumBar += 1.0} for {@code return sum}) is that
   * literal everywhere: substituting it lets {@code sumBar * e} fold to {@code e}. Only derivative statements read
   * adjoints, so the primal is untouched.
   */
  private static List<Stmt> propagateConstantAdjoints(List<Stmt> body) {
    Map<Variable, Expr> constants = new HashMap<>();
    Map<Variable, Integer> writes = new HashMap<>();
    countWrites(body, writes);
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a
          && a.target().role() == Variable.Role.ADJOINT
          && a.target().type() == Type.DOUBLE
          && writes.getOrDefault(a.target(), 0) == 1) {
        Expr v = a.value();
        if (v instanceof Expr.Binary b && b.op() == Op.ADD && b.left() instanceof Expr.Ref r
            && r.variable() == a.target() && b.right() instanceof Expr.Literal lit && lit.type() == Type.DOUBLE) {
          constants.put(a.target(), lit); // 0 + literal
        } else if (v instanceof Expr.Literal lit && lit.type() == Type.DOUBLE) {
          constants.put(a.target(), lit);
        }
      }
    }
    if (constants.isEmpty()) {
      return body;
    }
    return substituteConstants(body, constants);
  }

  private static void countWrites(List<Stmt> stmts, Map<Variable, Integer> writes) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        writes.merge(a.target(), 1, Integer::sum);
      } else if (s instanceof Stmt.Pop p) {
        writes.merge(p.target(), 2, Integer::sum);
      } else if (s instanceof Stmt.Replay r) {
        writes.merge(r.target(), 2, Integer::sum);
      } else if (s instanceof Stmt.If i) {
        countWrites(i.then(), writes);
        countWrites(i.otherwise(), writes);
      } else if (s instanceof Stmt.Loop l) {
        // Inside a loop one assignment is many writes.
        Map<Variable, Integer> inner = new HashMap<>();
        countWrites(l.body(), inner);
        countWrites(l.update(), inner);
        inner.forEach((v, n) -> writes.merge(v, 2, Integer::sum));
      }
    }
  }

  private static List<Stmt> substituteConstants(List<Stmt> stmts, Map<Variable, Expr> constants) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && isDerivative(a.target()) && !constants.containsKey(a.target())) {
        out.add(new Stmt.Assign(a.target(), fold(a.value(), constants), a.declaration(), a.origin()));
      } else if (s instanceof Stmt.ArrayUpdate u) {
        out.add(new Stmt.ArrayUpdate(u.array(), u.index(), fold(u.value(), constants), u.accumulate()));
      } else if (s instanceof Stmt.Store st && isDerivative(st.array())) {
        out.add(new Stmt.Store(st.target(), fold(st.value(), constants), st.origin()));
      } else if (s instanceof Stmt.If i) {
        out.add(
            new Stmt.If(
                i.condition(), substituteConstants(i.then(), constants), substituteConstants(i.otherwise(), constants)));
      } else if (s instanceof Stmt.Loop l) {
        out.add(
            l.withParts(
                l.condition(),
                substituteConstants(l.update(), constants),
                substituteConstants(l.body(), constants),
                l.bodyLocals()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** Substitutes the constants and re-applies the derivative-code identities bottom-up. */
  private static Expr fold(Expr e, Map<Variable, Expr> constants) {
    // Only the nodes above a substituted constant are re-simplified: the primal subexpressions inside derivative code
    // (indices, the user's own integer arithmetic) stay exactly as written.
    Map<Expr, Boolean> touched = new java.util.IdentityHashMap<>();
    return Exprs.rewrite(
        e,
        x -> {
          if (x instanceof Expr.Ref r && constants.containsKey(r.variable())) {
            Expr c = constants.get(r.variable());
            if (c instanceof Expr.Literal l) {
              c = new Expr.Literal(l.type(), l.value()); // a node of its own, so that marking it marks only here
            }
            touched.put(c, true);
            return c;
          }
          if (!anyChildTouched(x, touched)) {
            return x;
          }
          Expr out = x;
          if (x instanceof Expr.Binary b && b.type() == Type.DOUBLE) {
            switch (b.op()) {
              case MUL:
                out = Algebra.mul(b.left(), b.right());
                break;
              case ADD:
                out = Algebra.add(b.left(), b.right());
                break;
              case SUB:
                out = Algebra.sub(b.left(), b.right());
                break;
              default:
                break;
            }
          } else if (x instanceof Expr.Unary u && u.op() == Op.NEG && u.type() == Type.DOUBLE) {
            out = Algebra.neg(u.operand());
          }
          touched.put(out, true);
          return out;
        });
  }

  private static boolean anyChildTouched(Expr x, Map<Expr, Boolean> touched) {
    for (Expr c : children(x)) {
      if (touched.containsKey(c)) {
        return true;
      }
    }
    return false;
  }

  private static List<Expr> children(Expr x) {
    if (x instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    } else if (x instanceof Expr.Unary u) {
      return List.of(u.operand());
    } else if (x instanceof Expr.Index i) {
      return List.of(i.array(), i.index());
    } else if (x instanceof Expr.Length l) {
      return List.of(l.array());
    } else if (x instanceof Expr.Call c) {
      return c.args();
    } else if (x instanceof Expr.Conditional c) {
      return List.of(c.condition(), c.ifTrue(), c.ifFalse());
    } else if (x instanceof Expr.Cast c) {
      return List.of(c.operand());
    } else if (x instanceof Expr.Invoke i) {
      return i.args();
    } else if (x instanceof Expr.NewArray n) {
      return n.dimensions();
    }
    return List.of();
  }

  // ------------------------------------------------------------------------------------------ accumulations

  /**
   * Merges increments of one derivative variable or array element into one statement: {@code xBar[i] -= a;
   * xBar[i] -= b} becomes {@code xBar[i] -= a + b}. The product rule and repeated reads produce such runs; each merge
   * saves a load and a store. An increment moves up past statements that neither touch its target nor change what it
   * reads.
   */
  private static List<Stmt> mergeAccumulations(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), mergeAccumulations(i.then()), mergeAccumulations(i.otherwise())));
        continue;
      }
      if (s instanceof Stmt.Loop l) {
        out.add(
            l.withParts(
                l.condition(), mergeAccumulations(l.update()), mergeAccumulations(l.body()), l.bodyLocals()));
        continue;
      }
      if (!mergeIntoEarlier(s, out)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The increment of a derivative accumulation ({@code target += increment}), or null. */
  private static Expr increment(Stmt s) {
    if (s instanceof Stmt.ArrayUpdate u && u.accumulate()) {
      return u.value();
    }
    if (s instanceof Stmt.Assign a
        && isDerivative(a.target())
        && a.value() instanceof Expr.Binary b
        && (b.op() == Op.ADD || b.op() == Op.SUB)
        && b.left() instanceof Expr.Ref r
        && r.variable() == a.target()
        && !Exprs.reads(b.right()).contains(a.target())) {
      return b.op() == Op.ADD ? b.right() : Algebra.neg(b.right());
    }
    return null;
  }

  private static boolean isDerivative(Variable v) {
    return v.role() == Variable.Role.ADJOINT || v.role() == Variable.Role.TANGENT;
  }

  private static boolean sameTarget(Stmt a, Stmt b) {
    if (a instanceof Stmt.Assign x && b instanceof Stmt.Assign y) {
      return x.target() == y.target();
    }
    return a instanceof Stmt.ArrayUpdate x
        && b instanceof Stmt.ArrayUpdate y
        && x.array() == y.array()
        && x.index().equals(y.index());
  }

  private static boolean mergeIntoEarlier(Stmt s, List<Stmt> out) {
    Expr inc = increment(s);
    if (inc == null) {
      return false;
    }
    Set<Variable> reads = Exprs.reads(List.of(s));
    for (int k = out.size() - 1; k >= 0; k--) {
      Stmt earlier = out.get(k);
      if (sameTarget(earlier, s) && increment(earlier) != null) {
        out.set(k, withIncrement(earlier, combine(increment(earlier), inc)));
        return true;
      }
      if (earlier instanceof Stmt.Comment) {
        continue;
      }
      if (!(earlier instanceof Stmt.Assign || earlier instanceof Stmt.ArrayUpdate)) {
        return false;
      }
      // s may move above `earlier` only if they do not interfere.
      Set<Variable> earlierWrites = Exprs.writes(List.of(earlier));
      for (Variable w : earlierWrites) {
        if (reads.contains(w)) {
          return false;
        }
      }
      if (earlier instanceof Stmt.Assign a && s instanceof Stmt.Assign b && a.target() == b.target()) {
        return false;
      }
      if (s instanceof Stmt.Assign b && Exprs.reads(List.of(earlier)).contains(b.target())) {
        return false;
      }
      if (earlier instanceof Stmt.ArrayUpdate eu && s instanceof Stmt.ArrayUpdate su
          && eu.array() == su.array() && !provablyDifferent(eu.index(), su.index())) {
        return false;
      }
      // Arrays that are both written and read (the adjoints of call arguments): keep their order.
      if (earlier instanceof Stmt.ArrayUpdate eu && valueReads(s).contains(eu.array())
          || s instanceof Stmt.ArrayUpdate su && valueReads(earlier).contains(su.array())) {
        return false;
      }
    }
    return false;
  }

  /** The variables whose values a statement reads: an array update's own array only if its expressions read it. */
  private static Set<Variable> valueReads(Stmt s) {
    if (s instanceof Stmt.ArrayUpdate u) {
      Set<Variable> out = Exprs.reads(u.index());
      out.addAll(Exprs.reads(u.value()));
      return out;
    }
    return Exprs.reads(List.of(s));
  }

  private static Expr combine(Expr a, Expr b) {
    if (a instanceof Expr.Unary ua && ua.op() == Op.NEG && b instanceof Expr.Unary ub && ub.op() == Op.NEG) {
      return Algebra.neg(addTerm(ua.operand(), ub.operand()));
    }
    return addTerm(a, b);
  }

  /**
   * {@code sum + term}, where a term of {@code sum} equal to {@code term} is doubled instead: the product rule leaves
   * twin increments (x·x gives x̄ += ȳ·x twice) that a merge would otherwise add one by one. Adjoint increments are
   * summed in no particular order anyway, so regrouping them changes nothing but rounding.
   */
  private static Expr addTerm(Expr sum, Expr term) {
    Expr doubled = doubleTwin(sum, term, 0);
    return doubled != null ? doubled : Algebra.add(sum, term);
  }

  private static Expr doubleTwin(Expr sum, Expr term, int depth) {
    if (sum.type() != Type.DOUBLE || term.type() != Type.DOUBLE) {
      return null;
    }
    if (Algebra.sameValue(sum, term, 0)) {
      return Algebra.add(sum, term); // 2·term
    }
    if (depth < 16 && sum instanceof Expr.Binary b && b.op() == Op.ADD) {
      Expr right = doubleTwin(b.right(), term, depth + 1);
      if (right != null) {
        return Algebra.add(b.left(), right);
      }
      Expr left = doubleTwin(b.left(), term, depth + 1);
      if (left != null) {
        return Algebra.add(left, b.right());
      }
    }
    return null;
  }

  private static Stmt withIncrement(Stmt s, Expr inc) {
    if (s instanceof Stmt.ArrayUpdate u) {
      return new Stmt.ArrayUpdate(u.array(), u.index(), inc, true);
    }
    Stmt.Assign a = (Stmt.Assign) s;
    return new Stmt.Assign(a.target(), Algebra.add(new Expr.Ref(a.target()), inc), a.declaration(), a.origin());
  }

  /** Whether two int indices differ for every value of their variables: e and e + c with c a non-zero literal. */
  private static boolean provablyDifferent(Expr a, Expr b) {
    Object[] x = baseAndOffset(a);
    Object[] y = baseAndOffset(b);
    return x[0].equals(y[0]) && (long) x[1] != (long) y[1];
  }

  private static Object[] baseAndOffset(Expr e) {
    if (e instanceof Expr.Binary b
        && (b.op() == Op.ADD || b.op() == Op.SUB)
        && b.right() instanceof Expr.Literal l
        && l.type() == Type.INT) {
      long c = ((Number) l.value()).longValue();
      Object[] inner = baseAndOffset(b.left());
      return new Object[] {inner[0], (long) inner[1] + (b.op() == Op.ADD ? c : -c)};
    }
    return new Object[] {e, 0L};
  }

  /** A comment introducing code that was simplified away. */
  private static List<Stmt> dropDanglingComments(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      if (s instanceof Stmt.Comment
          && (k + 1 == stmts.size()
              || stmts.get(k + 1) instanceof Stmt.Comment
              || stmts.get(k + 1) instanceof Stmt.Return)) {
        continue;
      }
      if (s instanceof Stmt.If i) {
        s = new Stmt.If(i.condition(), dropDanglingComments(i.then()), dropDanglingComments(i.otherwise()));
      } else if (s instanceof Stmt.Loop l) {
        s = l.withParts(l.condition(), l.update(), dropDanglingComments(l.body()), l.bodyLocals());
      }
      out.add(s);
    }
    return out;
  }

  private static List<Stmt> dropEmpty(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        List<Stmt> then = dropEmpty(i.then());
        List<Stmt> otherwise = dropEmpty(i.otherwise());
        if (onlyComments(then) && onlyComments(otherwise)) {
          continue;
        }
        out.add(new Stmt.If(i.condition(), then, otherwise));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), dropEmpty(l.update()), dropEmpty(l.body()), l.bodyLocals()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean onlyComments(List<Stmt> stmts) {
    return stmts.stream().allMatch(s -> s instanceof Stmt.Comment);
  }

  /**
   * At the top level, {@code xBar = 0} with no later read of {@code xBar} is dead. (Inside loops a reset feeds the next
   * iteration, so those stay.)
   */
  private static List<Stmt> dropDeadAdjointResets(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    Set<Variable> readLater = new HashSet<>();
    for (int k = stmts.size() - 1; k >= 0; k--) {
      Stmt s = stmts.get(k);
      boolean dead =
          s instanceof Stmt.Assign a
              && a.target().role() == Variable.Role.ADJOINT
              && !readLater.contains(a.target())
              && a.value() instanceof Expr.Literal;
      if (!dead) {
        out.add(0, s);
        readLater.addAll(Exprs.reads(List.of(s)));
      }
    }
    return out;
  }

  /** IR nodes in a function, for the guard before simplification ({@link #HOPELESS_SIZE}). */
  public static int size(Function f) {
    return size(f.body());
  }

  private static int size(List<Stmt> stmts) {
    int n = 0;
    for (Stmt s : stmts) {
      n++;
      if (s instanceof Stmt.Assign a) {
        n += Exprs.size(a.value());
      } else if (s instanceof Stmt.ArrayUpdate u) {
        n += Exprs.size(u.index()) + Exprs.size(u.value());
      } else if (s instanceof Stmt.Store st) {
        n += Exprs.size(st.target()) + Exprs.size(st.value());
      } else if (s instanceof Stmt.PopInto p) {
        n += Exprs.size(p.target());
      } else if (s instanceof Stmt.Push p) {
        n += Exprs.size(p.value());
      } else if (s instanceof Stmt.If i) {
        n += Exprs.size(i.condition()) + size(i.then()) + size(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        n += Exprs.size(l.condition()) + size(l.body()) + size(l.update());
      } else if (s instanceof Stmt.Return r) {
        n += Exprs.size(r.value());
      }
    }
    return n;
  }

}
