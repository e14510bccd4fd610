package dev.hesse.processor.ad;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Splits an HVP into a part that depends only on x and a part linear in v, for many products at one point (what JAX
 * calls linearize). H·v is linear in v; everything the tangent statements read that does not depend on v — primal
 * values, adjoints, and the partial derivatives inside tangent expressions — is computed once by the
 * <em>recording</em> phase and written to a tape, in execution order. Each product then runs only the
 * <em>replaying</em> phase: the same control flow, the tangent statements, and tape reads in place of the primal
 * computation.
 *
 * <p>Doubles are taped; integers and booleans are recomputed where they are computed from other replayed values (loop
 * counters, branch records), and taped where they are restored from a stack.
 */
public final class Linearize {
  /** The two phases: {@code record} takes the original parameters; {@code replay} those plus v and hvOut. */
  public record Parts(Function record, Function replay) {}

  private final Map<Variable, Boolean> hasPop = new HashMap<>();
  private final Set<Variable> needed = new LinkedHashSet<>();

  private Linearize() {}

  private Optional<Parts> run(Function original, Function hvp) {
    if (usesLocalArrays(hvp.body())) {
      return Optional.empty(); // element writes are not recorded: the operator runs the HVP afresh
    }
    List<Stmt> body = hoist(copyWrittenParameters(original, hvp.body()));
    collectPops(body);
    computeNeeded(body);
    for (Variable v : needed) {
      if (taped(v) && v.type() == Type.LONG) {
        return Optional.empty();
      }
    }
    List<Stmt> record = record(body);
    List<Stmt> replay = replay(body);
    return Optional.of(
        new Parts(
            new Function(original.name() + "Record", original.parameters(), record),
            new Function(hvp.name() + "Replay", hvp.parameters(), replay)));
  }

  private static boolean usesLocalArrays(List<Stmt> stmts) {
    return Exprs.containsStore(stmts)
        || Exprs.anyStatement(stmts, s -> s instanceof Stmt.Assign a && a.value() instanceof Expr.NewArray);
  }

  /**
   * Both phases read the parameters (the operator captures them), so neither may assign one: a parameter the method
   * reassigns is copied into a local first, in each phase.
   */
  private static List<Stmt> copyWrittenParameters(Function original, List<Stmt> body) {
    Map<Variable, Variable> copies = new HashMap<>();
    Set<Variable> written = Exprs.writes(body);
    List<Stmt> prologue = new ArrayList<>();
    for (Function.Parameter p : original.parameters()) {
      Variable v = p.variable();
      if (written.contains(v)) {
        Variable copy = new Variable(v.name(), v.type(), Variable.Role.LOCAL);
        copies.put(v, copy);
        prologue.add(new Stmt.Assign(copy, new Expr.Ref(v), true, null));
      }
    }
    if (copies.isEmpty()) {
      return body;
    }
    List<Stmt> out = new ArrayList<>(prologue);
    out.addAll(substitute(body, copies));
    return out;
  }

  private static List<Stmt> substitute(List<Stmt> stmts, Map<Variable, Variable> map) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      out.add(substitute(s, map));
    }
    return out;
  }

  private static Stmt substitute(Stmt s, Map<Variable, Variable> map) {
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(
          map.getOrDefault(a.target(), a.target()), substitute(a.value(), map), a.declaration(), a.origin());
    }
    if (s instanceof Stmt.ArrayUpdate u) {
      return new Stmt.ArrayUpdate(u.array(), substitute(u.index(), map), substitute(u.value(), map), u.accumulate());
    }
    if (s instanceof Stmt.Push p) {
      return new Stmt.Push(substitute(p.value(), map), p.tape());
    }
    if (s instanceof Stmt.Pop p) {
      return new Stmt.Pop(map.getOrDefault(p.target(), p.target()), p.tape());
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(substitute(r.value(), map), r.origin());
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(substitute(i.condition(), map), substitute(i.then(), map), substitute(i.otherwise(), map));
    }
    if (s instanceof Stmt.Loop l) {
      return l.withParts(
          substitute(l.condition(), map), substitute(l.update(), map), substitute(l.body(), map), l.bodyLocals());
    }
    return s;
  }

  private static Expr substitute(Expr e, Map<Variable, Variable> map) {
    return Exprs.rewrite(
        e, x -> x instanceof Expr.Ref r && map.containsKey(r.variable()) ? new Expr.Ref(map.get(r.variable())) : x);
  }

  // --------------------------------------------------------------------------------------- which side is which

  /** The HVP's own parameters v and hvOut: tangent-side, like the tangent variables. */
  private Set<Variable> tangentParameters = Set.of();

  private boolean readsTangent(Expr e) {
    for (Variable v : Exprs.reads(e)) {
      if (v.role() == Variable.Role.TANGENT || tangentParameters.contains(v)) {
        return true;
      }
    }
    return false;
  }

  private boolean isTangentStmt(Stmt s) {
    if (s instanceof Stmt.Assign a) {
      return a.target().role() == Variable.Role.TANGENT;
    }
    if (s instanceof Stmt.ArrayUpdate || s instanceof Stmt.Fill) {
      return true;
    }
    if (s instanceof Stmt.Push p) {
      return readsTangent(p.value());
    }
    if (s instanceof Stmt.Pop p) {
      return p.target().role() == Variable.Role.TANGENT;
    }
    return false;
  }

  // --------------------------------------------------------------------------------------- hoisting

  /** Moves the v-independent parts of tangent expressions (partials such as Math.exp(-t)) into primal temps. */
  private List<Stmt> hoist(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), hoist(i.then()), hoist(i.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), hoist(l.update()), hoist(l.body()), l.bodyLocals()));
      } else if (s instanceof Stmt.Assign a && isTangentStmt(s)) {
        List<Stmt> temps = new ArrayList<>();
        Expr value = hoistIn(a.value(), temps);
        out.addAll(temps);
        out.add(new Stmt.Assign(a.target(), value, a.declaration(), a.origin()));
      } else if (s instanceof Stmt.ArrayUpdate u) {
        List<Stmt> temps = new ArrayList<>();
        Expr value = hoistIn(u.value(), temps);
        out.addAll(temps);
        out.add(new Stmt.ArrayUpdate(u.array(), u.index(), value, u.accumulate()));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private Expr hoistIn(Expr e, List<Stmt> temps) {
    if (!readsTangent(e)) {
      if (e.type() != Type.DOUBLE || cheap(e)) {
        return e;
      }
      Variable temp = new Variable("partial", Type.DOUBLE, Variable.Role.SYNTHETIC);
      temps.add(new Stmt.Assign(temp, e, true, null));
      return new Expr.Ref(temp);
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), hoistIn(u.operand(), temps));
    }
    if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), hoistIn(b.left(), temps), hoistIn(b.right(), temps), b.type());
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(c.condition(), hoistIn(c.ifTrue(), temps), hoistIn(c.ifFalse(), temps));
    }
    return e; // a tangent variable, or an element of v
  }

  /** Cheaper to recompute than to tape: variables, literals, lengths and element reads with simple indices. */
  private static boolean cheap(Expr e) {
    if (e instanceof Expr.Ref || e instanceof Expr.Literal || e instanceof Expr.Length) {
      return true;
    }
    if (e instanceof Expr.Index i) {
      return cheap(i.array()) && cheapInt(i.index());
    }
    return e instanceof Expr.Unary u && u.op() == Op.NEG && cheap(u.operand());
  }

  private static boolean cheapInt(Expr e) {
    if (e instanceof Expr.Ref || e instanceof Expr.Literal || e instanceof Expr.Length) {
      return true;
    }
    return e instanceof Expr.Binary b && b.type().isIntegral() && cheapInt(b.left()) && cheapInt(b.right());
  }

  // --------------------------------------------------------------------------------------- what replay needs

  private void collectPops(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Pop p) {
        hasPop.put(p.target(), true);
      } else if (s instanceof Stmt.If i) {
        collectPops(i.then());
        collectPops(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        collectPops(l.body());
        collectPops(l.update());
      }
    }
  }

  private boolean taped(Variable v) {
    return v.type() == Type.DOUBLE || hasPop.getOrDefault(v, false);
  }

  /** What replay does with one primal assignment of a needed variable. */
  private enum Plan {
    /** Read the value from the tape. */
    REPLAY,
    /** Run the assignment as it is: an integer from replayed values, or a literal. */
    RECOMPUTE,
    /** Nothing: replay overwrites the value before anything reads it. */
    SKIP
  }

  private Plan plan(Stmt.Assign a, List<Stmt> block, int index) {
    Variable p = a.target();
    if (!taped(p) || a.value() instanceof Expr.Literal) {
      return Plan.RECOMPUTE;
    }
    if (overwrittenBeforeRead(p, block, index)) {
      return Plan.SKIP;
    }
    // An integer restored from a stack (a nested loop's trip count and counter, read back from their tapes) is
    // replayed where it is popped; its increments are exact, so they are recomputed from there, not taped each
    // iteration.
    boolean popped = hasPop.getOrDefault(p, false) && !p.type().isIntegral();
    return cheapToRecompute(a.value()) && !popped ? Plan.RECOMPUTE : Plan.REPLAY;
  }

  /**
   * A few additions and multiplications cost less than a load from the tape (a memory stream of its own); calls and
   * divisions are taped.
   */
  private static boolean cheapToRecompute(Expr e) {
    int[] ops = {0};
    boolean[] expensive = {false};
    Exprs.rewrite(
        e,
        x -> {
          if (x instanceof Expr.Call || x instanceof Expr.Binary b && (b.op() == Op.DIV || b.op() == Op.REM)) {
            expensive[0] = true;
          }
          if (x instanceof Expr.Binary || x instanceof Expr.Unary) {
            ops[0]++;
          }
          return x;
        });
    return !expensive[0] && ops[0] <= 8;
  }

  /** Whether, in replay, {@code p} is assigned again later in the block before any statement reads it. */
  private boolean overwrittenBeforeRead(Variable p, List<Stmt> block, int index) {
    for (int k = index + 1; k < block.size(); k++) {
      Stmt s = block.get(k);
      if (s instanceof Stmt.Assign a && a.target() == p) {
        return !Exprs.reads(a.value()).contains(p); // conservative: as if the overwrite were recomputed
      }
      if (s instanceof Stmt.Assign || s instanceof Stmt.ArrayUpdate || s instanceof Stmt.Push
          || s instanceof Stmt.Comment) {
        if (Exprs.reads(List.of(s)).contains(p)) {
          return false;
        }
        continue;
      }
      if (s instanceof Stmt.Pop pop && pop.target() != p) {
        continue;
      }
      return false; // control flow, or anything else: assume it reads p
    }
    return false; // the next reader may be after the block (the next iteration)
  }

  private boolean isPrimal(Variable v) {
    return v.role() != Variable.Role.TANGENT && !tangentParameters.contains(v);
  }

  private void computeNeeded(List<Stmt> body) {
    seed(body);
    int size;
    do {
      size = needed.size();
      close(body);
    } while (needed.size() != size);
  }

  private void addPrimal(Set<Variable> reads) {
    for (Variable v : reads) {
      if (isPrimal(v)) {
        needed.add(v);
      }
    }
  }

  private boolean containsTangent(Stmt s) {
    if (s instanceof Stmt.If i) {
      return i.then().stream().anyMatch(this::containsTangent)
          || i.otherwise().stream().anyMatch(this::containsTangent);
    }
    if (s instanceof Stmt.Loop l) {
      return l.body().stream().anyMatch(this::containsTangent)
          || l.update().stream().anyMatch(this::containsTangent);
    }
    return isTangentStmt(s);
  }

  private void seed(List<Stmt> stmts) {
    for (Stmt s : stmts) {
      if (isTangentStmt(s)) {
        addPrimal(Exprs.reads(List.of(s)));
        if (s instanceof Stmt.ArrayUpdate u) {
          addPrimal(Exprs.reads(u.index()));
        }
      } else if (s instanceof Stmt.If i && containsTangent(i)) {
        addPrimal(Exprs.reads(i.condition()));
        seed(i.then());
        seed(i.otherwise());
      } else if (s instanceof Stmt.Loop l && containsTangent(l)) {
        addPrimal(Exprs.reads(l.condition()));
        seed(l.body());
        seed(l.update());
      }
    }
  }

  /**
   * Recomputed (untaped) needed values need what they are computed from, and replay must take the same branches and
   * trips wherever a needed value is assigned.
   */
  private void close(List<Stmt> stmts) {
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      if (s instanceof Stmt.Assign a && needed.contains(a.target()) && plan(a, stmts, k) == Plan.RECOMPUTE) {
        addPrimal(Exprs.reads(a.value()));
      } else if (s instanceof Stmt.If i) {
        if (assignsNeeded(s)) {
          addPrimal(Exprs.reads(i.condition()));
        }
        close(i.then());
        close(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        if (assignsNeeded(s)) {
          addPrimal(Exprs.reads(l.condition()));
        }
        close(l.body());
        close(l.update());
      }
    }
  }

  private boolean assignsNeeded(Stmt s) {
    for (Variable v : Exprs.writes(List.of(s))) {
      if (needed.contains(v)) {
        return true;
      }
    }
    return false;
  }

  // --------------------------------------------------------------------------------------- the two phases

  private List<Stmt> record(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      if (isTangentStmt(s) || s instanceof Stmt.Return) {
        continue;
      }
      if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), record(i.then()), record(i.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), record(l.update()), record(l.body()), l.bodyLocals()));
      } else {
        out.add(s);
        boolean recorded =
            s instanceof Stmt.Assign a
                ? needed.contains(a.target()) && plan(a, stmts, k) == Plan.REPLAY
                : s instanceof Stmt.Pop p && needed.contains(p.target());
        if (recorded) {
          Variable target = s instanceof Stmt.Assign a ? a.target() : ((Stmt.Pop) s).target();
          out.add(new Stmt.Record(new Expr.Ref(target)));
        }
      }
    }
    return out;
  }

  private List<Stmt> replay(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      if (isTangentStmt(s) || s instanceof Stmt.Comment) {
        out.add(s);
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), replay(i.then()), replay(i.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), replay(l.update()), replay(l.body()), l.bodyLocals()));
      } else if (s instanceof Stmt.Assign a && needed.contains(a.target())) {
        switch (plan(a, stmts, k)) {
          case REPLAY:
            out.add(new Stmt.Replay(a.target()));
            break;
          case RECOMPUTE:
            out.add(a);
            break;
          default:
            break;
        }
      } else if (s instanceof Stmt.Pop p && needed.contains(p.target())) {
        out.add(new Stmt.Replay(p.target()));
      }
      // other primal statements, pushes of primal values and the return are not needed to replay
    }
    return out;
  }

  /**
   * The split of a (simplified) HVP, whose last two parameters are v and hvOut; empty when replay would need a
   * {@code long} from the tape, which a double cannot hold exactly.
   */
  public static Optional<Parts> split(Function original, Function hvp) {
    Linearize l = new Linearize();
    List<Function.Parameter> params = hvp.parameters();
    l.tangentParameters =
        Set.of(params.get(params.size() - 2).variable(), params.get(params.size() - 1).variable());
    return l.run(original, hvp);
  }
}
