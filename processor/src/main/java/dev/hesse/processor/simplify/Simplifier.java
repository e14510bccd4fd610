package dev.hesse.processor.simplify;

import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cleans up transformed code: drops branches and loops left with nothing to do, and adjoint resets that nothing reads
 * afterwards. Only derivative code is touched; the primal statements stay exactly as the user wrote them.
 */
public final class Simplifier {
  /**
   * A conservative bound on IR nodes per generated method: the JVM limits a method to 64 KB of bytecode, and an IR node
   * costs at most a few bytes.
   */
  public static final int MAX_METHOD_SIZE = 12_000;

  private Simplifier() {}

  public static Function simplify(Function f) {
    List<Stmt> body = dropEmpty(f.body());
    body = dropDeadAdjointResets(body);
    int size;
    do {
      size = size(body);
      body = dropEmpty(dropDeadCode(body));
    } while (size(body) != size);
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
    int size;
    do {
      size = live.size();
      liveClosure(body, live);
    } while (live.size() != size);
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

  private static void liveClosure(List<Stmt> stmts, Set<Variable> live) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && live.contains(a.target())) {
        Exprs.collectReads(a.value(), live);
      } else if (s instanceof Stmt.If i) {
        liveClosure(i.then(), live);
        liveClosure(i.otherwise(), live);
      } else if (s instanceof Stmt.Loop l) {
        liveClosure(l.body(), live);
        liveClosure(l.update(), live);
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

  /** IR nodes in a function, for the method-size check. */
  public static int size(Function f) {
    return size(f.body());
  }

  private static int size(List<Stmt> stmts) {
    int n = 0;
    for (Stmt s : stmts) {
      n++;
      if (s instanceof Stmt.Assign a) {
        n += size(a.value());
      } else if (s instanceof Stmt.ArrayUpdate u) {
        n += size(u.index()) + size(u.value());
      } else if (s instanceof Stmt.Push p) {
        n += size(p.value());
      } else if (s instanceof Stmt.If i) {
        n += size(i.condition()) + size(i.then()) + size(i.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        n += size(l.condition()) + size(l.body()) + size(l.update());
      } else if (s instanceof Stmt.Return r) {
        n += size(r.value());
      }
    }
    return n;
  }

  private static int size(Expr e) {
    int[] n = {0};
    Exprs.rewrite(
        e,
        x -> {
          n[0]++;
          return x;
        });
    return n[0];
  }
}
