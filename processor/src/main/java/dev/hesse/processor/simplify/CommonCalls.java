package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Common-subexpression elimination for {@code Math} calls: derivative rules reuse their node's value
 * ({@code tanh' = 1 − tanh²}, {@code exp' = exp}) and the product rule repeats factors, so the same call appears in the
 * primal statement and in several derivative statements. Within a run of straight-line statements where its
 * arguments do not change, a call evaluated twice or more is computed once into a local.
 *
 * <p>Java's floating point is deterministic (strict since Java 17), so the local holds exactly the value each
 * occurrence would have computed: this changes no result, not even in the primal.
 */
final class CommonCalls {
  private static final int MAX_ROUNDS = 64;

  private CommonCalls() {}

  static List<Stmt> apply(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), apply(i.then()), apply(i.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), l.update(), apply(l.body()), l.bodyLocals()));
      } else {
        out.add(s);
      }
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      if (!eliminateOne(out)) {
        break;
      }
    }
    return out;
  }

  private static boolean straightLine(Stmt s) {
    return s instanceof Stmt.Assign || s instanceof Stmt.ArrayUpdate || s instanceof Stmt.Comment
        || s instanceof Stmt.Push || s instanceof Stmt.Record;
  }

  /** Finds one call occurring at least twice in a window where its arguments are unchanged, and hoists it. */
  private static boolean eliminateOne(List<Stmt> block) {
    int start = 0;
    while (start < block.size()) {
      if (!straightLine(block.get(start))) {
        start++;
        continue;
      }
      int end = start;
      while (end < block.size() && straightLine(block.get(end))) {
        end++;
      }
      if (eliminateIn(block, start, end)) {
        return true;
      }
      start = end;
    }
    return false;
  }

  /** Where a call keeps its value: its first and last occurrence so far, how often, and what it reads. */
  private static final class Window {
    final int first;
    int last;
    int count = 1;
    final Set<Variable> reads;

    Window(int first, Set<Variable> reads) {
      this.first = first;
      this.last = first;
      this.reads = reads;
    }
  }

  private static boolean eliminateIn(List<Stmt> block, int start, int end) {
    // For each call: the statements (from its first occurrence) over which it keeps its value.
    Map<Expr, Window> windows = new LinkedHashMap<>();
    Expr best = null;
    int bestFirst = -1;
    int bestLast = -1;
    for (int k = start; k < end; k++) {
      Stmt s = block.get(k);
      for (Expr call : calls(s)) {
        Window w = windows.get(call);
        if (w == null) {
          windows.put(call, new Window(k, Exprs.reads(call)));
        } else {
          w.last = k;
          w.count++;
        }
      }
      // A write ends the window of every call reading the variable written (the write comes after the reads).
      Set<Variable> written = Exprs.writes(List.of(s));
      if (written.isEmpty()) {
        continue;
      }
      for (Iterator<Map.Entry<Expr, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Expr, Window> e = it.next();
        Window w = e.getValue();
        if (!Collections.disjoint(w.reads, written)) {
          if (w.count >= 2 && better(e.getKey(), best)) {
            best = e.getKey();
            bestFirst = w.first;
            bestLast = w.last;
          }
          it.remove();
        }
      }
    }
    for (Map.Entry<Expr, Window> e : windows.entrySet()) {
      if (e.getValue().count >= 2 && better(e.getKey(), best)) {
        best = e.getKey();
        bestFirst = e.getValue().first;
        bestLast = e.getValue().last;
      }
    }
    if (best == null) {
      return false;
    }
    Expr target = best;
    int reusable = reusableAssignment(block, best, bestFirst, bestLast);
    if (reusable >= 0) {
      // The window assigns the call to a variable already (v = call): that assignment moves up to the first
      // occurrence and v replaces the others, instead of a new local and a copy into v.
      Stmt.Assign a = (Stmt.Assign) block.remove(reusable);
      Expr ref = new Expr.Ref(a.target());
      for (int k = bestFirst; k < bestLast; k++) {
        block.set(k, replace(block.get(k), target, ref));
      }
      block.add(bestFirst, a);
      return true;
    }
    Variable temp = new Variable(Exprs.valueName((Expr.Call) best), Type.DOUBLE, Variable.Role.SYNTHETIC);
    Expr ref = new Expr.Ref(temp);
    for (int k = bestFirst; k <= bestLast; k++) {
      block.set(k, replace(block.get(k), target, ref));
    }
    block.add(bestFirst, new Stmt.Assign(temp, best, true, null));
    return true;
  }

  /**
   * The index of a statement {@code v = call} in the window that can move up to its start: v a local, not a
   * parameter, that nothing in the window mentions before it or writes after it, and that the call does not read.
   * Else -1.
   */
  private static int reusableAssignment(List<Stmt> block, Expr call, int first, int last) {
    for (int k = first; k <= last; k++) {
      if (!(block.get(k) instanceof Stmt.Assign a) || !a.value().equals(call)) {
        continue;
      }
      Variable v = a.target();
      if (v.type() != Type.DOUBLE || v.role() == Variable.Role.PARAMETER || Exprs.reads(call).contains(v)) {
        return -1;
      }
      for (int j = first; j <= last; j++) {
        List<Stmt> one = List.of(block.get(j));
        boolean mentioned = Exprs.reads(one).contains(v) || Exprs.writes(one).contains(v);
        if (j < k && mentioned || j > k && Exprs.writes(one).contains(v)) {
          return -1;
        }
      }
      return k;
    }
    return -1;
  }

  /** Larger calls first, so that a call containing another is shared whole. */
  private static boolean better(Expr candidate, Expr best) {
    return best == null || Exprs.size(candidate) > Exprs.size(best);
  }


  /** The double-valued Math calls in a statement's expressions, outermost first. */
  private static List<Expr> calls(Stmt s) {
    List<Expr> out = new ArrayList<>();
    for (Expr e : expressions(s)) {
      Exprs.rewrite(
          e,
          x -> {
            if (x instanceof Expr.Call c && c.type() == Type.DOUBLE) {
              out.add(x);
            }
            return x;
          });
    }
    return out;
  }

  private static List<Expr> expressions(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return List.of(a.value());
    }
    if (s instanceof Stmt.ArrayUpdate u) {
      return List.of(u.index(), u.value());
    }
    if (s instanceof Stmt.Push p) {
      return List.of(p.value());
    }
    if (s instanceof Stmt.Record r) {
      return List.of(r.value());
    }
    return List.of();
  }

  private static Stmt replace(Stmt s, Expr target, Expr with) {
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.target(), replace(a.value(), target, with), a.declaration(), a.origin());
    }
    if (s instanceof Stmt.ArrayUpdate u) {
      return new Stmt.ArrayUpdate(
          u.array(), replace(u.index(), target, with), replace(u.value(), target, with), u.accumulate());
    }
    if (s instanceof Stmt.Push p) {
      return new Stmt.Push(replace(p.value(), target, with), p.tape());
    }
    if (s instanceof Stmt.Record r) {
      return new Stmt.Record(replace(r.value(), target, with));
    }
    return s;
  }

  private static Expr replace(Expr e, Expr target, Expr with) {
    return Exprs.rewrite(e, x -> x.equals(target) ? with : x);
  }
}
