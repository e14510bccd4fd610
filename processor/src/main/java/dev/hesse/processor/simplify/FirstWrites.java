package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An adjoint (or tangent) that a loop iteration accumulates into and resets to 0 at its end ({@code curveBar +=
 * ...; ...; curveBar = 0.0}) is 0 at its first write in each iteration: that write becomes a plain assignment
 * ({@code curveBar = ...}), saving an addition, and the reset goes when nothing after the loop reads the variable.
 *
 * <p>{@code 0.0 + e} and {@code e} differ only when e is -0.0. The rewrite is therefore applied only to variables
 * whose zero sign cannot reach a result: every output element is a sum that starts from +0.0 (the zeroed output
 * array, or an adjoint that is only ever incremented), which absorbs the sign of zero terms, and derivative code is
 * linear in adjoints and tangents, so a zero's sign changes only the sign of zero terms. Variables that reach a
 * result otherwise (stored with =, returned, saved, or read in a condition, an index or a call) keep their
 * accumulation. The values generated methods compute are thus bit-identical.
 *
 * <p>Runs on finished code only, after the tangent transform and the linearisation.
 */
public final class FirstWrites {
  private FirstWrites() {}

  public static Function apply(Function f) {
    if (!OutputWrites.onlyKnownStatements(f.body())) {
      return f;
    }
    List<Stmt> body = f.body();
    if (!resetsInLoops(body)) {
      return f;
    }
    Map<Variable, Integer> writes = new HashMap<>();
    Map<Variable, Integer> reads = new HashMap<>();
    count(body, writes, reads);
    Map<Variable, Stmt.Loop> candidates = new HashMap<>();
    findCandidates(body, writes, candidates);
    if (candidates.isEmpty()) {
      return f;
    }
    Set<Variable> exposed = exposed(body, candidates.keySet());
    candidates.keySet().removeAll(exposed);
    if (candidates.isEmpty()) {
      return f;
    }
    return new Function(f.name(), f.parameters(), rewrite(body, reads, candidates));
  }

  // ------------------------------------------------------------------------------------------ candidates

  /** Whether some loop body resets a derivative variable at its top level (else there is nothing to do). */
  private static boolean resetsInLoops(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i && (resetsInLoops(i.then()) || resetsInLoops(i.otherwise()))) {
        return true;
      }
      if (s instanceof Stmt.Loop l) {
        for (Stmt t : l.body()) {
          if (t instanceof Stmt.Assign a && isReset(a, a.target())
              && (a.target().role() == Variable.Role.ADJOINT || a.target().role() == Variable.Role.TANGENT)) {
            return true;
          }
        }
        if (resetsInLoops(l.body())) {
          return true;
        }
      }
    }
    return false;
  }

  /** How many statements (conditions counted as their own) write and read each variable, nested ones included. */
  private static void count(List<Stmt> stmts, Map<Variable, Integer> writes, Map<Variable, Integer> reads) {
    Set<Variable> scratch = new HashSet<>();
    count(stmts, writes, reads, scratch);
  }

  private static void count(
      List<Stmt> stmts, Map<Variable, Integer> writes, Map<Variable, Integer> reads, Set<Variable> scratch) {
    for (Stmt s : stmts) {
      scratch.clear();
      if (s instanceof Stmt.If i) {
        Exprs.collectReads(i.condition(), scratch);
        scratch.forEach(v -> reads.merge(v, 1, Integer::sum));
        count(i.then(), writes, reads, scratch);
        count(i.otherwise(), writes, reads, scratch);
      } else if (s instanceof Stmt.Loop l) {
        Exprs.collectReads(l.condition(), scratch);
        scratch.forEach(v -> reads.merge(v, 1, Integer::sum));
        count(l.body(), writes, reads, scratch);
        count(l.update(), writes, reads, scratch);
      } else {
        if (s instanceof Stmt.Assign a) {
          writes.merge(a.target(), 1, Integer::sum);
          Exprs.collectReads(a.value(), scratch);
        } else {
          List<Stmt> one = List.of(s);
          Exprs.writes(one).forEach(v -> writes.merge(v, 1, Integer::sum));
          scratch.addAll(Exprs.reads(one));
        }
        scratch.forEach(v -> reads.merge(v, 1, Integer::sum));
      }
    }
  }

  /**
   * Variables v of a loop L such that: every write of v in the function is in L's body; the first statement of the
   * body mentioning v is, at its top level, an increment of v; the last is, at its top level, {@code v = 0.0}; and
   * neither the condition nor the update mentions v. Then v is +0.0 whenever that increment runs.
   */
  private static void findCandidates(
      List<Stmt> stmts, Map<Variable, Integer> writes, Map<Variable, Stmt.Loop> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        findCandidates(i.then(), writes, out);
        findCandidates(i.otherwise(), writes, out);
      } else if (s instanceof Stmt.Loop l) {
        findCandidates(l.body(), writes, out);
        Set<Variable> reset = new HashSet<>();
        for (Stmt t : l.body()) {
          if (t instanceof Stmt.Assign a && isReset(a, a.target())) {
            reset.add(a.target());
          }
        }
        if (reset.isEmpty()) {
          continue; // nothing reset at the end of an iteration here
        }
        Map<Variable, Integer> inBody = new HashMap<>();
        count(l.body(), inBody, new HashMap<>());
        Set<Variable> header = new HashSet<>(Exprs.reads(l.condition()));
        header.addAll(Exprs.reads(l.update()));
        header.addAll(Exprs.writes(l.update()));
        // First and last top-level statement of the body mentioning each variable.
        Map<Variable, Integer> first = new HashMap<>();
        Map<Variable, Integer> last = new HashMap<>();
        List<Stmt> body = l.body();
        Set<Variable> found = new HashSet<>();
        for (int k = 0; k < body.size(); k++) {
          found.clear();
          Mentions.collect(body.get(k), reset, found);
          for (Variable v : found) {
            first.putIfAbsent(v, k);
            last.put(v, k);
          }
        }
        for (Map.Entry<Variable, Integer> e : inBody.entrySet()) {
          Variable v = e.getKey();
          if (reset.contains(v)
              && v.type() == Type.DOUBLE
              && (v.role() == Variable.Role.ADJOINT || v.role() == Variable.Role.TANGENT)
              && !header.contains(v)
              // Every write of v is inside this body: before the loop v holds its initial 0.0 (declared with it).
              && e.getValue().equals(writes.get(v))
              && first.containsKey(v)
              && first.get(v) < last.get(v)
              && increment(body.get(first.get(v)), v) != null
              && isReset(body.get(last.get(v)), v)) {
            out.put(v, l);
          }
        }
      }
    }
  }

  /** The e of {@code v = v + e}, {@code v = e + v} or (as -e) {@code v = v - e}, e not reading v; else null. */
  private static Expr increment(Stmt s, Variable v) {
    if (!(s instanceof Stmt.Assign a) || a.target() != v || !(a.value() instanceof Expr.Binary b)) {
      return null;
    }
    boolean leftIsV = b.left() instanceof Expr.Ref r && r.variable() == v;
    boolean rightIsV = b.right() instanceof Expr.Ref r && r.variable() == v;
    if (b.op() == Op.ADD && leftIsV && !Exprs.reads(b.right()).contains(v)) {
      return b.right();
    }
    if (b.op() == Op.ADD && rightIsV && !Exprs.reads(b.left()).contains(v)) {
      return b.left();
    }
    if (b.op() == Op.SUB && leftIsV && !Exprs.reads(b.right()).contains(v)) {
      return Algebra.neg(b.right());
    }
    return null;
  }

  private static boolean isReset(Stmt s, Variable v) {
    return s instanceof Stmt.Assign a && a.target() == v && isPositiveZero(a.value());
  }

  private static boolean isPositiveZero(Expr e) {
    return e instanceof Expr.Literal lit
        && lit.type() == Type.DOUBLE
        && Double.doubleToRawLongBits(lit.asDouble()) == 0L;
  }

  // ------------------------------------------------------------------------------------------ exposure

  /**
   * The variables whose exact value, zero sign included, may reach a result: those read where the sign of a zero
   * matters or is kept (a return, a store with =, a push or a tape record, a condition, an index, a call, a
   * divisor), and, transitively, those read by assignments to such variables. An increment of an anchored variable
   * (one starting at +0.0 and only ever incremented or reset to +0.0) passes nothing on: it absorbs zero signs.
   */
  private static Set<Variable> exposed(List<Stmt> body, Set<Variable> candidates) {
    Set<Variable> exposed = new LinkedHashSet<>();
    Map<Variable, List<Stmt.Assign>> assigns = new HashMap<>();
    Set<Variable> notAnchored = new HashSet<>(candidates);
    scan(body, exposed, assigns, notAnchored, zeroedArrays(body));
    List<Variable> work = new ArrayList<>(exposed);
    while (!work.isEmpty()) {
      Variable w = work.remove(work.size() - 1);
      boolean anchored = !notAnchored.contains(w);
      for (Stmt.Assign a : assigns.getOrDefault(w, List.of())) {
        if (anchored && (increment(a, w) != null || isReset(a, w))) {
          continue;
        }
        for (Variable r : Exprs.reads(a.value())) {
          if (exposed.add(r)) {
            work.add(r);
          }
        }
      }
    }
    return exposed;
  }

  private static void scan(
      List<Stmt> stmts,
      Set<Variable> exposed,
      Map<Variable, List<Stmt.Assign>> assigns,
      Set<Variable> notAnchored,
      Set<Variable> zeroed) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        assigns.computeIfAbsent(a.target(), k -> new ArrayList<>()).add(a);
        if (a.target().type() != Type.DOUBLE) {
          exposed.addAll(Exprs.reads(a.value()));
        } else {
          nonLinearReads(a.value(), exposed);
        }
        boolean derivative =
            a.target().role() == Variable.Role.ADJOINT || a.target().role() == Variable.Role.TANGENT;
        if (!derivative || increment(a, a.target()) == null && !isReset(a, a.target())) {
          notAnchored.add(a.target()); // a derivative variable starts at +0.0 (declared with it)
        }
      } else if (s instanceof Stmt.ArrayUpdate u) {
        exposed.addAll(Exprs.reads(u.index()));
        if (u.accumulate() && zeroed.contains(u.array())) {
          nonLinearReads(u.value(), exposed); // into an array zeroed first: anchored
        } else {
          exposed.addAll(Exprs.reads(u.value()));
        }
      } else if (s instanceof Stmt.If i) {
        exposed.addAll(Exprs.reads(i.condition()));
        scan(i.then(), exposed, assigns, notAnchored, zeroed);
        scan(i.otherwise(), exposed, assigns, notAnchored, zeroed);
      } else if (s instanceof Stmt.Loop l) {
        exposed.addAll(Exprs.reads(l.condition()));
        scan(l.body(), exposed, assigns, notAnchored, zeroed);
        scan(l.update(), exposed, assigns, notAnchored, zeroed);
      } else {
        // Return, Push, Record, Fill, ...: whatever they read is kept as it is.
        exposed.addAll(Exprs.reads(List.of(s)));
        if (s instanceof Stmt.Pop p) {
          notAnchored.add(p.target());
        } else if (s instanceof Stmt.Replay r) {
          notAnchored.add(r.target());
        }
      }
    }
  }

  /**
   * Arrays (with their aliases) zeroed at the top level and then only accumulated into, any elements stored with =
   * only after every accumulation: each element is a sum starting from +0.0.
   */
  private static Set<Variable> zeroedArrays(List<Stmt> body) {
    Set<Variable> zeroed = new HashSet<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Fill f && isPositiveZero(f.value())) {
        zeroed.add(f.array());
      } else if (s instanceof Stmt.Assign a && a.value() instanceof Expr.Ref r && zeroed.contains(r.variable())) {
        zeroed.add(a.target()); // an alias (the same array)
      }
    }
    int lastAccumulation = -1;
    int firstStore = Integer.MAX_VALUE;
    for (int k = 0; k < body.size(); k++) {
      Stmt s = body.get(k);
      if (updates(List.of(s), zeroed, true)) {
        lastAccumulation = k;
      }
      if (updates(List.of(s), zeroed, false)) {
        if (!(s instanceof Stmt.ArrayUpdate)) {
          return Set.of(); // a store inside a loop or branch: keep it simple
        }
        firstStore = Math.min(firstStore, k);
      }
    }
    return firstStore > lastAccumulation ? zeroed : Set.of();
  }

  private static boolean updates(List<Stmt> stmts, Set<Variable> arrays, boolean accumulate) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.ArrayUpdate u && arrays.contains(u.array()) && u.accumulate() == accumulate
          || s instanceof Stmt.If i && (updates(i.then(), arrays, accumulate)
              || updates(i.otherwise(), arrays, accumulate))
          || s instanceof Stmt.Loop l && (updates(l.body(), arrays, accumulate)
              || updates(l.update(), arrays, accumulate))) {
        return true;
      }
    }
    return false;
  }

  /** Reads of e outside linear positions (operands of +, -, *, unary -, a dividend, a conditional's branches). */
  private static void nonLinearReads(Expr e, Set<Variable> out) {
    if (e instanceof Expr.Ref || e instanceof Expr.Literal) {
      return;
    }
    if (e instanceof Expr.Binary b && (b.op() == Op.ADD || b.op() == Op.SUB || b.op() == Op.MUL)
        && b.type() == Type.DOUBLE) {
      nonLinearReads(b.left(), out);
      nonLinearReads(b.right(), out);
    } else if (e instanceof Expr.Binary b && b.op() == Op.DIV && b.type() == Type.DOUBLE) {
      nonLinearReads(b.left(), out);
      out.addAll(Exprs.reads(b.right()));
    } else if (e instanceof Expr.Unary u && u.op() == Op.NEG) {
      nonLinearReads(u.operand(), out);
    } else if (e instanceof Expr.Conditional c) {
      out.addAll(Exprs.reads(c.condition()));
      nonLinearReads(c.ifTrue(), out);
      nonLinearReads(c.ifFalse(), out);
    } else {
      out.addAll(Exprs.reads(e));
    }
  }

  // ------------------------------------------------------------------------------------------ the rewrite

  private static List<Stmt> rewrite(
      List<Stmt> stmts, Map<Variable, Integer> reads, Map<Variable, Stmt.Loop> candidates) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), rewrite(i.then(), reads, candidates), rewrite(i.otherwise(), reads,
            candidates)));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt> body = rewrite(l.body(), reads, candidates);
        List<Variable> mine = new ArrayList<>();
        candidates.forEach((v, loop) -> {
          if (loop == l) {
            mine.add(v);
          }
        });
        if (!mine.isEmpty()) {
          body = firstWrites(body, mine, reads, l.body());
        }
        out.add(l.withParts(l.condition(), l.update(), body, l.bodyLocals()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The loop body with each variable's first increment made a plain assignment and, when nothing outside the body
   * reads the variable (the header does not mention it), its reset at the end dropped.
   */
  private static List<Stmt> firstWrites(
      List<Stmt> body, List<Variable> vars, Map<Variable, Integer> reads, List<Stmt> originalBody) {
    Map<Variable, Integer> readsInBody = new HashMap<>();
    count(originalBody, new HashMap<>(), readsInBody);
    Map<Variable, Integer> first = new HashMap<>();
    Map<Variable, Integer> last = new HashMap<>();
    Set<Variable> wanted = new HashSet<>(vars);
    Set<Variable> found = new HashSet<>();
    for (int k = 0; k < body.size(); k++) {
      found.clear();
      Mentions.collect(body.get(k), wanted, found);
      for (Variable v : found) {
        first.putIfAbsent(v, k);
        last.put(v, k);
      }
    }
    List<Stmt> out = new ArrayList<>(body);
    Set<Integer> dropped = new HashSet<>();
    for (Variable v : vars) {
      Stmt.Assign a = (Stmt.Assign) out.get(first.get(v));
      out.set(first.get(v), new Stmt.Assign(v, increment(a, v), a.declaration(), a.origin()));
      if (reads.getOrDefault(v, 0).equals(readsInBody.getOrDefault(v, 0))) {
        dropped.add(last.get(v)); // the reset fed only the next iteration's first increment
      }
    }
    List<Stmt> kept = new ArrayList<>();
    for (int k = 0; k < out.size(); k++) {
      if (!dropped.contains(k)) {
        kept.add(out.get(k));
      }
    }
    return kept;
  }
}
