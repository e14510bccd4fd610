package dev.hesse.processor.frontend;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes {@code break}, {@code continue} and early {@code return}: each becomes a boolean flag, the statements after
 * a jump are guarded by the flags, and loop conditions test them. Afterwards control flow is structured (if and loops
 * only) and the body ends with its one {@code return}, which is what the AD transforms expect.
 *
 * <p>Flags are {@link Variable.Role#SYNTHETIC}: a loop condition {@code !flag && ...} guarantees they are false at
 * every iteration's entry, which lets the reverse transform restore them without saving them.
 */
public final class Desugar {
  private enum Exit {
    BREAK,
    CONTINUE,
    RETURN
  }

  private Variable returned;
  private Variable result;

  /** The flags of the innermost loop being lowered. */
  private Variable breakFlag;
  private Variable continueFlag;

  private Desugar() {}

  public static Function apply(Function f) {
    return new Desugar().lower(f);
  }

  private Function lower(Function f) {
    List<Stmt> body = f.body();
    boolean simple =
        !body.isEmpty() && body.get(body.size() - 1) instanceof Stmt.Return && !hasJumps(body.subList(0,
            body.size() - 1));
    if (simple) {
      return f;
    }
    returned = new Variable("returned", Type.BOOLEAN, Variable.Role.SYNTHETIC);
    result = new Variable("result", Type.DOUBLE, Variable.Role.SYNTHETIC);
    List<Stmt> out = new ArrayList<>();
    out.add(new Stmt.Assign(returned, Expr.Literal.of(false), true, null));
    out.add(new Stmt.Assign(result, Expr.Literal.of(0.0), true, null));
    lowerBlock(body, out);
    out.add(new Stmt.Return(new Expr.Ref(result), null));
    return new Function(f.name(), f.parameters(), out);
  }

  private static boolean hasJumps(List<Stmt> stmts) {
    // A loop's update holds expression statements only, so looking into it too changes nothing.
    return Exprs.anyStatement(
        stmts, s -> s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return);
  }

  /** Lowers a block into {@code out}; returns the ways it may end abruptly. */
  private Set<Exit> lowerBlock(List<Stmt> stmts, List<Stmt> out) {
    Set<Exit> exits = EnumSet.noneOf(Exit.class);
    for (int k = 0; k < stmts.size(); k++) {
      Set<Exit> here = lowerStatement(stmts.get(k), out);
      exits.addAll(here);
      if (!here.isEmpty() && k + 1 < stmts.size()) {
        List<Stmt> rest = new ArrayList<>();
        exits.addAll(lowerBlock(stmts.subList(k + 1, stmts.size()), rest));
        if (!rest.isEmpty()) {
          out.add(new Stmt.If(stillRunning(here), rest, List.of()));
        }
        return exits;
      }
    }
    return exits;
  }

  /** True while none of the given exits has happened. */
  private Expr stillRunning(Set<Exit> exits) {
    Expr c = Expr.Literal.of(true);
    if (exits.contains(Exit.BREAK)) {
      c = Exprs.and(c, Exprs.not(new Expr.Ref(breakFlag)));
    }
    if (exits.contains(Exit.CONTINUE)) {
      c = Exprs.and(c, Exprs.not(new Expr.Ref(continueFlag)));
    }
    if (exits.contains(Exit.RETURN)) {
      c = Exprs.and(c, Exprs.not(new Expr.Ref(returned)));
    }
    return c;
  }

  private Set<Exit> lowerStatement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Break) {
      out.add(new Stmt.Assign(breakFlag, Expr.Literal.of(true), false, "break;"));
      return EnumSet.of(Exit.BREAK);
    }
    if (s instanceof Stmt.Continue) {
      out.add(new Stmt.Assign(continueFlag, Expr.Literal.of(true), false, "continue;"));
      return EnumSet.of(Exit.CONTINUE);
    }
    if (s instanceof Stmt.Return r) {
      out.add(new Stmt.Assign(result, r.value(), false, r.origin()));
      out.add(new Stmt.Assign(returned, Expr.Literal.of(true), false, null));
      return EnumSet.of(Exit.RETURN);
    }
    if (s instanceof Stmt.If i) {
      List<Stmt> then = new ArrayList<>();
      List<Stmt> otherwise = new ArrayList<>();
      Set<Exit> exits = lowerBlock(i.then(), then);
      exits.addAll(lowerBlock(i.otherwise(), otherwise));
      out.add(new Stmt.If(i.condition(), then, otherwise));
      return exits;
    }
    if (s instanceof Stmt.Loop l) {
      return lowerLoop(l, out);
    }
    out.add(s);
    return EnumSet.noneOf(Exit.class);
  }

  private Set<Exit> lowerLoop(Stmt.Loop l, List<Stmt> out) {
    Variable outerBreak = breakFlag;
    Variable outerContinue = continueFlag;
    breakFlag = new Variable("breakLoop", Type.BOOLEAN, Variable.Role.SYNTHETIC);
    continueFlag = new Variable("continueLoop", Type.BOOLEAN, Variable.Role.SYNTHETIC);
    List<Stmt> body = new ArrayList<>();
    Set<Exit> exits = lowerBlock(l.body(), body);
    Set<Variable> bodyLocals = new LinkedHashSet<>(l.bodyLocals());
    if (exits.contains(Exit.CONTINUE)) {
      body.add(0, new Stmt.Assign(continueFlag, Expr.Literal.of(false), true, null));
      bodyLocals.add(continueFlag);
    }
    Expr condition = l.condition();
    List<Stmt> update = l.update();
    if (exits.contains(Exit.RETURN)) {
      condition = Exprs.and(Exprs.not(new Expr.Ref(returned)), condition);
    }
    if (exits.contains(Exit.BREAK)) {
      out.add(new Stmt.Assign(breakFlag, Expr.Literal.of(false), true, null));
      condition = Exprs.and(Exprs.not(new Expr.Ref(breakFlag)), condition);
    }
    boolean leaves = exits.contains(Exit.BREAK) || exits.contains(Exit.RETURN);
    if (leaves && !update.isEmpty() && !harmlessAfterExit(update, l.headerLocals())) {
      // Java skips the update after break and return; so must we, unless nobody can tell.
      Set<Exit> leaving = EnumSet.noneOf(Exit.class);
      if (exits.contains(Exit.BREAK)) {
        leaving.add(Exit.BREAK);
      }
      if (exits.contains(Exit.RETURN)) {
        leaving.add(Exit.RETURN);
      }
      update = List.of(new Stmt.If(stillRunning(leaving), update, List.of()));
    }
    out.add(l.withParts(condition, update, body, bodyLocals));
    breakFlag = outerBreak;
    continueFlag = outerContinue;
    Set<Exit> propagated = EnumSet.noneOf(Exit.class);
    if (exits.contains(Exit.RETURN)) {
      propagated.add(Exit.RETURN);
    }
    return propagated;
  }

  /**
   * An update that only steps the loop's own integer counters by a constant or a variable cannot throw and is
   * invisible after the loop, so running it once more after a break changes nothing; keeping it unconditional keeps
   * the counter invertible for the reverse sweep.
   */
  private static boolean harmlessAfterExit(List<Stmt> update, Set<Variable> headerLocals) {
    for (Stmt s : update) {
      if (!(s instanceof Stmt.Assign a)
          || !headerLocals.contains(a.target())
          || !a.target().type().isIntegral()
          || !(a.value() instanceof Expr.Binary b)
          || (b.op() != Op.ADD && b.op() != Op.SUB)
          || !(b.left() instanceof Expr.Ref r && r.variable() == a.target())
          || !(b.right() instanceof Expr.Literal || b.right() instanceof Expr.Ref)) {
        return false;
      }
    }
    return true;
  }
}
