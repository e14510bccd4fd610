package dev.hesse.processor.ad;

import static dev.hesse.processor.simplify.Algebra.ZERO;
import static dev.hesse.processor.simplify.Algebra.add;
import static dev.hesse.processor.simplify.Algebra.isZero;
import static dev.hesse.processor.simplify.Algebra.mul;
import static dev.hesse.processor.simplify.Algebra.neg;
import static dev.hesse.processor.simplify.Algebra.select;

import dev.hesse.processor.ir.Callee;
import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forward (tangent) mode: every active value {@code u} gets a tangent {@code uDot}, its derivative along the input
 * direction {@code v}, computed by the same {@link Rules} as the reverse transform uses.
 *
 * <p>It accepts everything the reverse transform emits — saved-value pushes and pops (the tangent is saved with the
 * value), reversed loops, branch records, adjoint accumulation into {@code gradOut} — so the Hessian-vector product is
 * literally this transform applied to the gradient: H·v is the tangent of {@code gradOut} (Pearlmutter's R-operator).
 */
public final class TangentTransform {
  /** A tangent array: element {@code i} of an array's tangent is {@code array[offset + i]}. */
  private record ArrayTangent(Variable array, Expr offset) {}

  private final Function f;
  private final Activity activity;
  private final Map<Variable, Variable> dots = new HashMap<>();
  private final Map<Variable, ArrayTangent> arrayTangents = new HashMap<>();
  /** Arrays whose primal values nobody reads (the gradient inside an HVP): only their tangents are written. */
  private final Map<Variable, Variable> outputs = new HashMap<>();
  /** Arrays of adjoints whose primal values are read ({@code callAdjoints}): written with their tangents. */
  private final Map<Variable, Variable> keptArrays = new HashMap<>();
  private final Variable direction = new Variable("v", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
  /**
   * The zero tangent of constant arrays passed to callees' differentiable parameters: nobody writes it, so one array,
   * grown to the largest argument, serves every call ({@link ReverseTransform#growScratch}).
   */
  private final Variable zeroTangents = new Variable("zeroTangents", Type.DOUBLE_ARRAY, Variable.Role.SYNTHETIC);
  private boolean usesZeroTangents;
  /** Statements the tangent of the current statement needs before it (growing {@link #zeroTangents}). */
  private final List<Stmt> before = new ArrayList<>();

  private TangentTransform(Function f) {
    this.f = f;
    this.activity = Activity.of(f);
  }

  /** ∇f·v by one forward sweep over the desugared function: its parameters plus {@code v}. */
  public static Function directional(Function desugared) {
    TangentTransform t = new TangentTransform(desugared);
    List<Stmt> out = t.seedInputs();
    List<Stmt> body = desugared.body();
    out.addAll(t.transform(body.subList(0, body.size() - 1)));
    t.returnTangent((Stmt.Return) body.get(body.size() - 1), out);
    List<Function.Parameter> params = new ArrayList<>(desugared.parameters());
    params.add(new Function.Parameter(t.direction, false, false));
    return new Function(desugared.name() + "Directional", params, t.withScratch(out));
  }

  /**
   * ∇f·v as a call of the method's own building block {@code fTangent} ({@code self}), with {@code v} split into the
   * per-parameter tangents by the gradient's layout: the same code as {@link #directional}, generated once instead of
   * twice (the processor's cost and the generated class's size grow with every method it emits).
   */
  public static Function directionalViaTangent(Function desugared, Callee self) {
    Variable direction = new Variable("v", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
    List<Expr> args = new ArrayList<>();
    for (Function.Parameter p : desugared.parameters()) {
      args.add(new Expr.Ref(p.variable()));
    }
    for (Map.Entry<Variable, Expr> slot : Layout.offsets(desugared).entrySet()) {
      Variable x = slot.getKey();
      Expr offset = slot.getValue();
      if (x.type() == Type.DOUBLE) {
        args.add(new Expr.Index(new Expr.Ref(direction), offset));
      } else if (x.type() == Type.DOUBLE_ARRAY) {
        args.add(new Expr.Ref(direction));
        args.add(offset);
      } else {
        throw new IllegalArgumentException("no building blocks for a differentiable " + x.type() + " parameter");
      }
    }
    List<Function.Parameter> params = new ArrayList<>(desugared.parameters());
    params.add(new Function.Parameter(direction, false, false));
    Stmt call = new Stmt.Return(new Expr.Invoke(self, Expr.Invoke.Variant.TANGENT, args, null), null);
    return new Function(desugared.name() + "Directional", params, List.of(call));
  }

  /**
   * H·v by forward over reverse: the tangent of {@code gradient} (whose last parameter is {@code gradOut}); the result
   * takes the original parameters plus {@code v} and {@code hvOut}, and returns the value.
   */
  public static Function hvp(Function original, Function gradient) {
    TangentTransform t = new TangentTransform(gradient);
    List<Function.Parameter> gradParams = gradient.parameters();
    Variable gradOut = gradParams.get(gradParams.size() - 1).variable();
    Variable hvOut = new Variable("hvOut", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
    t.outputs.put(gradOut, hvOut);
    List<Stmt> out = t.seedInputs();
    out.addAll(t.transform(gradient.body()));
    List<Function.Parameter> params = new ArrayList<>(original.parameters());
    params.add(new Function.Parameter(t.direction, false, false));
    params.add(new Function.Parameter(hvOut, false, false));
    return new Function(original.name() + "Hvp", params, t.withScratch(out));
  }

  /**
   * The building block {@code fTangent}: the function's parameters, then one tangent per differentiable parameter (a
   * double {@code pDot}, or an array {@code pDot} with the offset {@code pDotAt} of p's first element); returns the
   * directional derivative.
   */
  public static Function tangentBlock(Function desugared) {
    TangentTransform t = new TangentTransform(desugared);
    List<Function.Parameter> params = new ArrayList<>(desugared.parameters());
    params.addAll(t.tangentParameters(desugared));
    List<Stmt> body = desugared.body();
    List<Stmt> out = t.transform(body.subList(0, body.size() - 1));
    t.returnTangent((Stmt.Return) body.get(body.size() - 1), out);
    return new Function(desugared.name() + "Tangent", params, t.withScratch(out));
  }

  /**
   * The building block {@code fPullbackTangent}: the tangent of {@code fPullback} (from
   * {@link ReverseTransform#pullback}). Parameters: the function's, the tangents as in {@link #tangentBlock},
   * {@code seed} and {@code seedDot}, then per differentiable parameter p: for a double {@code pAdjoint},
   * {@code pAdjointDot} and {@code pAt}; for an array {@code pAdjointDot} and {@code pAt}. It adds
   * {@code seed · ∂f/∂p} to the doubles' adjoints (callers read them) and the tangent of the adjoints,
   * {@code seedDot · ∇f + seed · H·(pDot)}, to the {@code Dot} arrays; returns the value.
   */
  public static Function pullbackTangent(Function desugared, Function pullback) {
    TangentTransform t = new TangentTransform(pullback);
    List<Function.Parameter> params = new ArrayList<>(desugared.parameters());
    params.addAll(t.tangentParameters(desugared));
    List<Function.Parameter> rest = pullback.parameters().subList(desugared.parameters().size(), pullback.parameters().size());
    Variable seed = rest.get(0).variable();
    params.add(rest.get(0));
    Variable seedDot = t.dot(seed);
    params.add(new Function.Parameter(seedDot, false, false));
    int next = 1;
    for (Function.Parameter p : desugared.parameters()) {
      if (!p.differentiable()) {
        continue;
      }
      Variable adjoint = rest.get(next).variable();
      Variable at = rest.get(next + 1).variable();
      next += 2;
      Variable adjointDot = new Variable(adjoint.name() + "Dot", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
      if (p.variable().type() == Type.DOUBLE) {
        t.keptArrays.put(adjoint, adjointDot);
        params.add(new Function.Parameter(adjoint, false, false));
      } else {
        t.outputs.put(adjoint, adjointDot);
      }
      params.add(new Function.Parameter(adjointDot, false, false));
      params.add(new Function.Parameter(at, false, false));
    }
    List<Stmt> out = t.transform(pullback.body());
    return new Function(desugared.name() + "PullbackTangent", params, t.withScratch(out));
  }

  /** {@code return <tangent of the returned value>}, after what that tangent needs first. */
  private void returnTangent(Stmt.Return ret, List<Stmt> out) {
    Expr t = tangent(ret.value());
    out.addAll(before);
    before.clear();
    out.add(new Stmt.Return(t, null));
  }

  /** The body with the declaration of the scratch arrays it uses first. */
  private List<Stmt> withScratch(List<Stmt> body) {
    if (usesZeroTangents) {
      body.add(0, ReverseTransform.declareScratch(zeroTangents));
    }
    return body;
  }

  /** Tangent parameters, one per differentiable parameter: {@code pDot}, or {@code pDot} and {@code pDotAt}. */
  private List<Function.Parameter> tangentParameters(Function desugared) {
    List<Function.Parameter> params = new ArrayList<>();
    for (Function.Parameter p : desugared.parameters()) {
      if (!p.differentiable()) {
        continue;
      }
      Variable x = p.variable();
      if (x.type() == Type.DOUBLE) {
        Variable xDot = new Variable(x.name() + "Dot", Type.DOUBLE, Variable.Role.PARAMETER);
        dots.put(x, xDot);
        params.add(new Function.Parameter(xDot, false, false));
      } else {
        Variable xDot = new Variable(x.name() + "Dot", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
        Variable xDotAt = new Variable(x.name() + "DotAt", Type.INT, Variable.Role.PARAMETER);
        arrayTangents.put(x, new ArrayTangent(xDot, new Expr.Ref(xDotAt)));
        params.add(new Function.Parameter(xDot, false, false));
        params.add(new Function.Parameter(xDotAt, false, false));
      }
    }
    return params;
  }

  /** The tangents of a call's arguments, as its {@code fTangent} building block takes them. */
  private List<Expr> argumentTangents(Callee callee, List<Expr> args) {
    List<Expr> out = new ArrayList<>();
    for (int k = 0; k < args.size(); k++) {
      Callee.Param p = callee.parameters().get(k);
      if (!p.differentiable()) {
        continue;
      }
      Expr arg = args.get(k);
      if (p.type() == Type.DOUBLE) {
        out.add(tangent(arg));
      } else {
        ArrayTangent t = arg instanceof Expr.Ref r ? arrayTangents.get(r.variable()) : null;
        if (t != null && activity.isActiveArgument(arg)) {
          out.add(new Expr.Ref(t.array()));
          out.add(t.offset());
        } else {
          // A constant array: its tangent is zero.
          usesZeroTangents = true;
          before.add(ReverseTransform.growScratch(zeroTangents, new Expr.Length(arg)));
          out.add(new Expr.Ref(zeroTangents));
          out.add(Expr.Literal.ofInt(0));
        }
      }
    }
    return out;
  }

  private Stmt pullbackTangent(Stmt.Pullback p) {
    List<Expr> slots = new ArrayList<>();
    int j = 0;
    for (Callee.Param param : p.callee().parameters()) {
      if (!param.differentiable()) {
        continue;
      }
      Expr array = p.slots().get(j);
      Expr offset = p.slots().get(j + 1);
      j += 2;
      Variable arrayVar = array instanceof Expr.Ref r ? r.variable() : null;
      if (param.type() == Type.DOUBLE) {
        if (arrayVar == null || !keptArrays.containsKey(arrayVar)) {
          throw new IllegalStateException("adjoint slot of a double argument must be kept: " + array);
        }
        slots.add(array);
        slots.add(new Expr.Ref(keptArrays.get(arrayVar)));
      } else if (arrayVar != null && outputs.containsKey(arrayVar)) {
        slots.add(new Expr.Ref(outputs.get(arrayVar)));
      } else if (arrayVar != null && ReverseTransform.isDiscardedAdjoints(arrayVar)) {
        slots.add(array); // discarded, and so are their tangents
      } else {
        throw new IllegalStateException("tangent of an adjoint slot in " + array + " is not supported");
      }
      slots.add(offset);
    }
    return new Stmt.PullbackTangent(
        p.callee(), p.args(), argumentTangents(p.callee(), p.args()), p.seed(), tangent(p.seed()), slots);
  }

  /** Input tangents from {@code v}, laid out like {@code gradOut}. */
  private List<Stmt> seedInputs() {
    List<Stmt> out = new ArrayList<>();
    for (Map.Entry<Variable, Expr> slot : Layout.offsets(f).entrySet()) {
      Variable x = slot.getKey();
      if (x.type() == Type.DOUBLE) {
        out.add(new Stmt.Assign(dot(x), new Expr.Index(new Expr.Ref(direction), slot.getValue()), true, null));
      } else {
        arrayTangents.put(x, new ArrayTangent(direction, slot.getValue()));
      }
    }
    return out;
  }

  private Variable dot(Variable v) {
    return dots.computeIfAbsent(v, k -> new Variable(k.name() + "Dot", k.type(), Variable.Role.TANGENT));
  }

  private List<Stmt> transform(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      int at = out.size();
      transform(s, out);
      out.addAll(at, before);
      before.clear();
    }
    return out;
  }

  private void transform(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Assign a && a.value() instanceof Expr.NewArray n && ReverseTransform.isCallAdjoints(a.target())) {
      // Scratch adjoints of call arguments: read later, so kept, with a tangent array beside them.
      Variable tangentArray = new Variable(a.target().name() + "Dot", a.target().type(), Variable.Role.TANGENT);
      keptArrays.put(a.target(), tangentArray);
      arrayTangents.put(a.target(), new ArrayTangent(tangentArray, Expr.Literal.ofInt(0)));
      out.add(new Stmt.Assign(tangentArray, n, true, null));
      out.add(a);
    } else if (s instanceof Stmt.Assign a) {
      Variable v = a.target();
      if (v.type().isArray() && a.value() instanceof Expr.Ref r && outputs.containsKey(r.variable())) {
        // An alias of an output array (xBar = gradOut): alias its tangent instead.
        Variable alias = new Variable(v.name() + "Dot", v.type(), Variable.Role.TANGENT);
        outputs.put(v, alias);
        out.add(new Stmt.Assign(alias, new Expr.Ref(outputs.get(r.variable())), true, null));
        return;
      }
      if (a.value() instanceof Expr.NewArray n) {
        if (activity.isActive(v)) {
          out.add(new Stmt.Assign(dot(v), n, true, null)); // the tangent array: zero, the same shape
        }
        out.add(a);
        return;
      }
      if (activity.isActive(v)) {
        Expr t = tangent(a.value());
        if (!(t instanceof Expr.Ref r && r.variable() == dot(v))) { // vDot = vDot: v = v + constant
          out.add(new Stmt.Assign(dot(v), t, a.declaration(), null));
        }
      }
      out.add(a);
    } else if (s instanceof Stmt.ArrayUpdate u) {
      Variable kept = keptArrays.get(u.array());
      Variable tangentArray = kept != null ? kept : outputs.get(u.array());
      if (tangentArray == null) {
        throw new IllegalStateException("tangent of a write into " + u.array() + " is not supported");
      }
      Expr t = tangent(u.value());
      if (!(u.accumulate() && isZero(t))) {
        out.add(new Stmt.ArrayUpdate(tangentArray, u.index(), t, u.accumulate()));
      }
      if (kept != null) {
        out.add(u);
      }
    } else if (s instanceof Stmt.Pullback p) {
      out.add(pullbackTangent(p));
    } else if (s instanceof Stmt.Store st) {
      if (activity.isActive(st.array())) {
        // Before the write: the tangent reads the values the write overwrites.
        out.add(new Stmt.Store(tangentElement(st.target()), tangent(st.value()), null));
      }
      out.add(st);
    } else if (s instanceof Stmt.PopInto p) {
      // Pushed as (value, tangent): popped in the opposite order.
      if (activity.isActive(Exprs.root(p.target()))) {
        out.add(new Stmt.PopInto(tangentElement(p.target())));
      }
      out.add(p);
    } else if (s instanceof Stmt.Fill fill) {
      Variable tangentArray = outputs.get(fill.array());
      if (tangentArray == null) {
        throw new IllegalStateException("tangent of filling " + fill.array() + " is not supported");
      }
      out.add(new Stmt.Fill(tangentArray, ZERO));
    } else if (s instanceof Stmt.If i) {
      out.add(new Stmt.If(i.condition(), transform(i.then()), transform(i.otherwise())));
    } else if (s instanceof Stmt.Loop l) {
      out.add(l.withParts(l.condition(), transform(l.update()), transform(l.body()), l.bodyLocals()));
    } else if (s instanceof Stmt.Push p) {
      out.add(p);
      if (activity.isActive(p.value())) {
        out.add(new Stmt.Push(tangent(p.value()), p.tape()));
      }
    } else if (s instanceof Stmt.Pop p) {
      // Pushed as (value, tangent): popped in the opposite order.
      if (activity.isActive(p.target())) {
        out.add(new Stmt.Pop(dot(p.target()), p.tape()));
      }
      out.add(p);
    } else if (s instanceof Stmt.Return || s instanceof Stmt.Comment) {
      out.add(s);
    } else {
      throw new IllegalStateException("unexpected statement in forward mode: " + s);
    }
  }

  /** The tangent of an element of an active array: a slot of {@code v} for a parameter, else of its tangent array. */
  private Expr.Index tangentElement(Expr.Index i) {
    Variable root = Exprs.root(i);
    ArrayTangent t = arrayTangents.get(root);
    if (t != null) {
      return new Expr.Index(new Expr.Ref(t.array()), Layout.slot(i, t.offset()));
    }
    return (Expr.Index) Exprs.withRoot(i, new Expr.Ref(dot(root)));
  }

  /** The tangent of an expression: Σ ∂e/∂u · uDot over the active {@code u} it reads. */
  private Expr tangent(Expr e) {
    if (!activity.isActive(e)) {
      return ZERO;
    }
    if (e instanceof Expr.Ref r) {
      return new Expr.Ref(dot(r.variable()));
    }
    if (e instanceof Expr.Index i) {
      return tangentElement(i);
    }
    if (e instanceof Expr.Unary u) {
      return neg(tangent(u.operand()));
    }
    if (e instanceof Expr.Conditional c) {
      return select(c.condition(), tangent(c.ifTrue()), tangent(c.ifFalse()));
    }
    if (Rules.isSelection(e)) {
      return tangent(Rules.asSelection((Expr.Call) e));
    }
    if (e instanceof Expr.Invoke i && !i.callee().isCustom()) {
      List<Expr> args = new ArrayList<>(i.args());
      args.addAll(argumentTangents(i.callee(), i.args()));
      return new Expr.Invoke(i.callee(), Expr.Invoke.Variant.TANGENT, args, i.site());
    }
    if (Rules.hasPartials(e)) {
      List<Expr> operands = Rules.operands(e);
      List<Expr> partials = Rules.partials(e);
      Expr sum = ZERO;
      for (int k = 0; k < operands.size(); k++) {
        if (partials.get(k) != null && activity.isActive(operands.get(k))) {
          sum = add(sum, mul(tangent(operands.get(k)), partials.get(k)));
        }
      }
      return sum;
    }
    return ZERO;
  }
}
