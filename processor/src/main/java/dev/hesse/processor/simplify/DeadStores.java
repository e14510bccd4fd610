package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Tape;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes writes of scalar locals that no read sees before the next write: the flow-sensitive complement of the
 * simplifier's dead-code pass, which keeps every write of a variable read anywhere. Typical cases: a value saved on a
 * tape and restored in the reverse sweep where no adjoint reads it any more (the derivative reads a saved
 * {@code tanh(a)} instead of {@code a}); a reverse loop whose only effect is stepping a counter the next forward
 * iteration reassigns, as in a {@code hessianAt} recording that keeps none of the loop's partials.
 *
 * <p>The analysis is strong liveness (a variable is live where a later read of it feeds something live; a write to a
 * dead variable makes nothing live) over the structured IR, to a fixed point at each loop. Arrays, and everything
 * returned, stored into an array, recorded or passed to a building block, count as live. Removed: assignments to
 * dead scalars; the pushes and pops of a scalar dead after each of its pops (a push and its pop always name the same
 * variable, so the stacks stay balanced); a push popped back into its variable right away; loops left with nothing but
 * a counter dead after them. Replays stay (the operator's tape is read in order). Bodies with jumps, which
 * desugaring removes, are left as they are.
 */
final class DeadStores {
  /** Per assignment, pop and loop: the scalars live just after it. */
  private final Map<Stmt, Set<Variable>> liveAfter = new IdentityHashMap<>();

  private DeadStores() {}

  static List<Stmt> apply(List<Stmt> body) {
    if (hasJumps(body)) {
      return body;
    }
    body = unshared(body);
    DeadStores pass = new DeadStores();
    pass.liveBefore(body, new HashSet<>());
    Set<Variable> deadAfterEveryPop = new HashSet<>();
    Set<Variable> liveAfterSomePop = new HashSet<>();
    Set<Object> opaque = new HashSet<>();
    opaqueStacks(body, opaque);
    pass.classifyPops(body, opaque, deadAfterEveryPop, liveAfterSomePop);
    deadAfterEveryPop.removeAll(liveAfterSomePop);
    return pass.rewrite(body, deadAfterEveryPop);
  }

  /**
   * The statements with a fresh instance of each assignment, pop and loop: the transforms reuse a statement object in
   * several places (a recomputation in the reverse sweep is the forward sweep's statement), and the analysis records
   * its results per instance.
   */
  private static List<Stmt> unshared(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>(stmts.size());
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.target(), a.value(), a.declaration(), a.origin()));
      } else if (s instanceof Stmt.Pop p) {
        out.add(new Stmt.Pop(p.target(), p.tape()));
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), unshared(i.then()), unshared(i.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), unshared(l.update()), unshared(l.body()), l.bodyLocals()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static boolean hasJumps(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Break || s instanceof Stmt.Continue) {
        return true;
      }
      if (s instanceof Stmt.If i && (hasJumps(i.then()) || hasJumps(i.otherwise()))) {
        return true;
      }
      if (s instanceof Stmt.Loop l && (hasJumps(l.body()) || hasJumps(l.update()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean scalar(Variable v) {
    return !v.type().isArray();
  }

  /** The variables live before {@code stmts}, given those live after; records {@link #liveAfter} on the way. */
  private Set<Variable> liveBefore(List<Stmt> stmts, Set<Variable> after) {
    Set<Variable> live = new HashSet<>(after);
    for (int k = stmts.size() - 1; k >= 0; k--) {
      live = liveBefore(stmts.get(k), live);
    }
    return live;
  }

  private Set<Variable> liveBefore(Stmt s, Set<Variable> after) {
    if (s instanceof Stmt.Assign a) {
      liveAfter.put(s, Set.copyOf(after));
      if (scalar(a.target()) && !after.contains(a.target())) {
        return after; // a dead store reads nothing that matters
      }
      Set<Variable> live = new HashSet<>(after);
      if (scalar(a.target())) {
        live.remove(a.target());
      }
      Exprs.collectReads(a.value(), live);
      return live;
    } else if (s instanceof Stmt.Pop p) {
      liveAfter.put(s, Set.copyOf(after));
      Set<Variable> live = new HashSet<>(after);
      if (scalar(p.target())) {
        live.remove(p.target());
      }
      return live;
    } else if (s instanceof Stmt.Replay r) {
      Set<Variable> live = new HashSet<>(after);
      if (scalar(r.target())) {
        live.remove(r.target());
      }
      return live;
    } else if (s instanceof Stmt.If i) {
      Set<Variable> live = liveBefore(i.then(), after);
      live.addAll(liveBefore(i.otherwise(), after));
      Exprs.collectReads(i.condition(), live);
      return live;
    } else if (s instanceof Stmt.Loop l) {
      liveAfter.put(s, Set.copyOf(after));
      List<Stmt> iteration = new ArrayList<>(l.body());
      iteration.addAll(l.update());
      // At the condition: what the exit needs, the condition reads, and an iteration needs; grows to a fixed point.
      Set<Variable> atCondition = new HashSet<>(after);
      Exprs.collectReads(l.condition(), atCondition);
      while (true) {
        Set<Variable> next = new HashSet<>(after);
        Exprs.collectReads(l.condition(), next);
        next.addAll(liveBefore(iteration, atCondition));
        if (next.equals(atCondition)) {
          break;
        }
        atCondition = next;
      }
      // A do-while loop enters its body first; the last pass recorded the body's final sets either way.
      return l.kind() == Stmt.Loop.Kind.DO_WHILE ? liveBefore(iteration, atCondition) : atCondition;
    } else if (s instanceof Stmt.Return r) {
      return Exprs.reads(r.value());
    } else if (s instanceof Stmt.Comment) {
      return after;
    }
    // Everything else writes only arrays (or a tape) and reads what it mentions.
    Set<Variable> live = new HashSet<>(after);
    live.addAll(Exprs.reads(List.of(s)));
    return live;
  }

  /**
   * Whether {@code out} ends with a push of the variable {@code pop} restores, on the same stack, followed only by
   * statements that neither write the variable nor use that stack (comments, other assignments, pops of other
   * tapes); if so, removes that push.
   */
  private static boolean pushedJustBefore(List<Stmt> out, Stmt.Pop pop) {
    Object stack = stack(pop.tape(), pop.target().type());
    for (int k = out.size() - 1; k >= 0; k--) {
      Stmt s = out.get(k);
      if (s instanceof Stmt.Push push
          && push.value() instanceof Expr.Ref r
          && r.variable() == pop.target()
          && push.tape() == pop.tape()) {
        out.remove(k);
        return true;
      }
      boolean independent =
          s instanceof Stmt.Comment
              || s instanceof Stmt.Assign a && a.target() != pop.target()
              || s instanceof Stmt.Pop p
                  && p.target() != pop.target()
                  && !stack(p.tape(), p.target().type()).equals(stack);
      if (!independent) {
        return false;
      }
    }
    return false;
  }

  /** A pop's stack: its tape, or the shared stack of its type. */
  private static Object stack(Tape tape, Type type) {
    return tape != null ? tape : type == Type.BOOLEAN ? Type.INT : type;
  }

  /**
   * The stacks something other than a variable or an element is pushed on: which pop reads such a value is not
   * known by name, so no pop of those stacks is removed.
   */
  private static void opaqueStacks(List<Stmt> stmts, Set<Object> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Push p && !(p.value() instanceof Expr.Ref) && !(p.value() instanceof Expr.Index)) {
        out.add(stack(p.tape(), p.value().type()));
      } else if (s instanceof Stmt.If i) {
        opaqueStacks(i.then(), out);
        opaqueStacks(i.otherwise(), out);
      } else if (s instanceof Stmt.Loop l) {
        opaqueStacks(l.body(), out);
        opaqueStacks(l.update(), out);
      }
    }
  }

  private void classifyPops(List<Stmt> stmts, Set<Object> opaque, Set<Variable> dead, Set<Variable> live) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Pop p && scalar(p.target())) {
        boolean removable =
            !liveAfter.get(s).contains(p.target()) && !opaque.contains(stack(p.tape(), p.target().type()));
        (removable ? dead : live).add(p.target());
      } else if (s instanceof Stmt.If i) {
        classifyPops(i.then(), opaque, dead, live);
        classifyPops(i.otherwise(), opaque, dead, live);
      } else if (s instanceof Stmt.Loop l) {
        classifyPops(l.body(), opaque, dead, live);
        classifyPops(l.update(), opaque, dead, live);
      }
    }
  }

  private List<Stmt> rewrite(List<Stmt> stmts, Set<Variable> deadPops) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && scalar(a.target()) && !liveAfter.get(s).contains(a.target())) {
        continue;
      }
      if (s instanceof Stmt.Pop p && deadPops.contains(p.target())) {
        continue;
      }
      if (s instanceof Stmt.Pop p && pushedJustBefore(out, p)) {
        continue; // saved and restored at once (a recomputation's save): neither the variable nor the stack changes
      }
      if (s instanceof Stmt.Push p && p.value() instanceof Expr.Ref r && deadPops.contains(r.variable())) {
        continue;
      }
      if (s instanceof Stmt.If i) {
        s = new Stmt.If(i.condition(), rewrite(i.then(), deadPops), rewrite(i.otherwise(), deadPops));
      } else if (s instanceof Stmt.Loop l) {
        List<Stmt> body = rewrite(l.body(), deadPops);
        List<Stmt> update = rewrite(l.update(), deadPops);
        if (body.stream().allMatch(b -> b instanceof Stmt.Comment)
            && Exprs.writes(update).stream().noneMatch(liveAfter.get(s)::contains)
            && Exprs.writes(update).containsAll(Exprs.reads(l.condition()))) {
          continue; // a counter stepping through an empty body (update's writes reach only the loop's condition)
        }
        s = l.withParts(l.condition(), update, body, l.bodyLocals());
      }
      out.add(s);
    }
    return out;
  }
}
