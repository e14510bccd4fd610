package dev.hesse.processor.ad;

import dev.hesse.processor.ir.Callee;
import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;

/** Checks on calls of user methods that need activity, run before the transforms. */
public final class Calls {
  private Calls() {}

  /**
   * Rejects a differentiable value passed to a parameter of a callee that carries no derivative ({@code @NoDerivative},
   * or an int): the derivative through it would be silently lost.
   */
  public static void check(Function f) {
    Activity activity = Activity.of(f);
    for (Expr.Invoke i : invocations(f.body())) {
      List<Callee.Param> params = i.callee().parameters();
      for (int k = 0; k < params.size(); k++) {
        Callee.Param p = params.get(k);
        Expr arg = i.args().get(k);
        if (!p.differentiable() && activity.isActiveArgument(arg)) {
          throw new NotDifferentiableException(
              "argument " + (k + 1) + " of " + i.callee().name() + " depends on the differentiable inputs, but"
                  + " parameter '" + p.name() + "' of " + i.callee().name() + " is @NoDerivative: its derivative"
                  + " would be lost. Remove @NoDerivative from '" + p.name() + "', or pass a constant",
              i.site());
        }
      }
    }
  }

  /** Whether a function calls user methods (which the linearised operator does not support). */
  public static boolean hasInvocations(List<Stmt> body) {
    return !invocations(body).isEmpty() || hasPullbacks(body);
  }

  private static boolean hasPullbacks(List<Stmt> stmts) {
    return Exprs.anyStatement(stmts, s -> s instanceof Stmt.Pullback || s instanceof Stmt.PullbackTangent);
  }

  private static List<Expr.Invoke> invocations(List<Stmt> body) {
    List<Expr.Invoke> out = new ArrayList<>();
    for (Expr root : Exprs.expressions(body)) {
      Exprs.rewrite(
          root,
          x -> {
            if (x instanceof Expr.Invoke i) {
              out.add(i);
            }
            return x;
          });
    }
    return out;
  }
}
