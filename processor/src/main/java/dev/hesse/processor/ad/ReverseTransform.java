package dev.hesse.processor.ad;

import static dev.hesse.processor.simplify.Algebra.ONE;
import static dev.hesse.processor.simplify.Algebra.ZERO;
import static dev.hesse.processor.simplify.Algebra.add;
import static dev.hesse.processor.simplify.Algebra.isZero;
import static dev.hesse.processor.simplify.Algebra.mul;
import static dev.hesse.processor.simplify.Algebra.neg;

import dev.hesse.processor.ir.Callee;
import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.Function;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Primitive;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Tape;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse mode: turns a desugared function into its gradient, as plain code that saves only what it must.
 *
 * <p>The generated body is a <em>forward sweep</em> (the original computation) followed by a <em>reverse sweep</em>
 * (the adjoint statements in reverse order). A value is saved only where the reverse code that runs after it would
 * read it overwritten (a flow-sensitive "to be recorded" analysis, {@link Context}). Three modes cover all
 * statements:
 *
 * <ul>
 *   <li><b>taping</b> ({@link #forward}): runs code that the reverse sweep will walk back through at once. An
 *       overwritten value that later reverse code reads is pushed first (or, for {@code i += c} on integers,
 *       stepped back later); each branch records which way it went; each loop counts its trips and saves the values
 *       it carries from one iteration to the next that its reverse iterations read ({@link LoopPlan}).
 *   <li><b>plain</b> ({@link #plain}): a loop body in taping mode runs plainly, saving nothing inside but the results
 *       of the loops nested in it that its reverse iterations read ({@link #plainTaping}).
 *   <li><b>reverse</b> ({@link #reverse}): undoes statements in reverse order. A loop's reverse iteration restores
 *       the carried values of that iteration's start, re-runs the body in taping mode, then reverses it. Values local
 *       to an iteration are thus recomputed, not stored: a loop that only accumulates saves nothing. A loop nested in
 *       the iteration is not re-run: the forward sweep saved its results on tapes of their own, and the reverse
 *       iteration reads them back ({@link #tapedLoops}).
 * </ul>
 *
 * <p>A final loop that only accumulates is fused with its reverse ({@link #fuse}): value and gradient in one pass.
 *
 * <p>Invariant: running {@code reverse(s)} right after {@code forward(s)} leaves every variable that later reverse
 * code reads as it was before {@code s}, and adds {@code s}'s contributions to the adjoints.
 */
public final class ReverseTransform {
  /** An adjoint array: element {@code i} of a parameter's adjoint is {@code array[offset + i]}. */
  private record ArrayAdjoint(Variable array, Expr offset) {}

  private final Function f;
  private final Activity activity;
  private final Variable gradOut = new Variable("gradOut", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
  private final Map<Variable, Variable> bars = new HashMap<>();
  private final Map<Variable, ArrayAdjoint> arrayBars = new HashMap<>();
  private final Map<Stmt, Variable> branchFlags = new IdentityHashMap<>();
  private final Map<Stmt, Set<Variable>> reverseReads = new IdentityHashMap<>();
  private final Map<Stmt, Set<Variable>> iterationNeeds = new IdentityHashMap<>();
  private final Map<Stmt, LoopPlan> loopPlans = new IdentityHashMap<>();
  private final Map<Stmt, List<Variable>> saveAround = new IdentityHashMap<>();
  private final Set<Stmt> restored = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Branches and loops in store-all bodies whose branch record or trip count is saved after them. */
  private final Set<Stmt> savedRecords = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Stmt, Variable> tripCounts = new IdentityHashMap<>();
  private final Map<Stmt, List<Stmt>> adjoints = new IdentityHashMap<>();

  /** Adjoints of double arguments of calls ({@link Stmt.Pullback}), one slot per call site and parameter. */
  private static final String CALL_ADJOINTS = "callAdjoints";
  private final Variable callAdjoints = new Variable(CALL_ADJOINTS, Type.DOUBLE_ARRAY, Variable.Role.ADJOINT);
  private int callAdjointSlots;
  /**
   * Where the adjoints of constant arrays passed to a callee's differentiable parameters go, unread: one array per
   * generated call, grown to the largest argument, instead of a fresh array per call site execution.
   */
  private static final String DISCARDED_ADJOINTS = "discardedAdjoints";
  private final Variable discardedAdjoints =
      new Variable(DISCARDED_ADJOINTS, Type.DOUBLE_ARRAY, Variable.Role.SYNTHETIC);
  private boolean discards;

  private ReverseTransform(Function f) {
    this.f = f;
    this.activity = Activity.of(f);
    List<Stmt> body = f.body();
    if (body.size() >= 2 && body.get(body.size() - 2) instanceof Stmt.Loop last) {
      fusionCandidate = last;
    }
    collectOwners(body, null);
  }

  /** Maps each assignment in a loop's iteration (directly or in its branches) to that loop. */
  private void collectOwners(List<Stmt> stmts, Stmt.Loop owner) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && owner != null) {
        owners.put(a, owner);
      } else if (s instanceof Stmt.If i) {
        collectOwners(i.then(), owner);
        collectOwners(i.otherwise(), owner);
      } else if (s instanceof Stmt.Loop l) {
        collectOwners(iteration(l), l);
      }
    }
  }

  /** Whether {@code v} is the array that callees' adjoints of constant array arguments go to, never read. */
  static boolean isDiscardedAdjoints(Variable v) {
    return v.role() == Variable.Role.SYNTHETIC && v.type() == Type.DOUBLE_ARRAY && v.name().equals(DISCARDED_ADJOINTS);
  }

  /**
   * {@code double[] scratch = new double[0]}, and before each use {@code if (scratch.length < n) scratch = new
   * double[n]}: a scratch array that grows to the largest use instead of being allocated at every use.
   */
  static Stmt declareScratch(Variable scratch) {
    return new Stmt.Assign(
        scratch, new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(Expr.Literal.ofInt(0))), true, null);
  }

  static Stmt growScratch(Variable scratch, Expr length) {
    return new Stmt.If(
        new Expr.Binary(Op.LT, new Expr.Length(new Expr.Ref(scratch)), length, Type.BOOLEAN),
        List.of(new Stmt.Assign(scratch, new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(length)), false, null)),
        List.of());
  }

  /** Whether {@code v} is the scratch array of call arguments' adjoints (written by pullbacks, then read). */
  static boolean isCallAdjoints(Variable v) {
    return v.role() == Variable.Role.ADJOINT && v.type() == Type.DOUBLE_ARRAY && v.name().equals(CALL_ADJOINTS);
  }

  /** The gradient of a desugared function: its parameters plus {@code gradOut}, returning the value. */
  public static Function gradient(Function desugared) {
    return new ReverseTransform(desugared).transform(false);
  }

  /**
   * The building block {@code fPullback} that callers chain through: the function's parameters, then {@code seed}
   * (marked differentiable, so that the tangent transform gives it a tangent), then for each differentiable
   * parameter {@code p} an adjoint array {@code pAdjoint} and the offset {@code pAt} of p's first element in it; it
   * adds {@code seed · ∂f/∂p} there and returns the value.
   */
  public static Function pullback(Function desugared) {
    return new ReverseTransform(desugared).transform(true);
  }

  private Function transform(boolean asPullback) {
    List<Stmt> body = f.body();
    Stmt.Return ret = (Stmt.Return) body.get(body.size() - 1);
    List<Stmt> stmts = body.subList(0, body.size() - 1);

    List<Stmt> out = new ArrayList<>();
    List<Stmt> scalarWrites = new ArrayList<>();
    List<Function.Parameter> params = new ArrayList<>(f.parameters());
    Variable seed = new Variable("seed", Type.DOUBLE, Variable.Role.PARAMETER);
    if (asPullback) {
      params.add(new Function.Parameter(seed, true, false));
      for (Function.Parameter p : f.parameters()) {
        if (!p.differentiable()) {
          continue;
        }
        Variable v = p.variable();
        Variable adjoint = new Variable(v.name() + "Adjoint", Type.DOUBLE_ARRAY, Variable.Role.PARAMETER);
        Variable at = new Variable(v.name() + "At", Type.INT, Variable.Role.PARAMETER);
        params.add(new Function.Parameter(adjoint, false, false));
        params.add(new Function.Parameter(at, false, false));
        if (v.type() == Type.DOUBLE) {
          scalarWrites.add(new Stmt.ArrayUpdate(adjoint, new Expr.Ref(at), new Expr.Ref(bar(v)), true));
        } else {
          arrayBars.put(v, new ArrayAdjoint(adjoint, new Expr.Ref(at)));
        }
      }
    } else {
      params.add(new Function.Parameter(gradOut, false, false));
      out.add(new Stmt.Fill(gradOut, ZERO));
      for (Map.Entry<Variable, Expr> slot : Layout.offsets(f).entrySet()) {
        Variable v = slot.getKey();
        Expr offset = slot.getValue();
        if (v.type() == Type.DOUBLE) {
          scalarWrites.add(new Stmt.ArrayUpdate(gradOut, offset, new Expr.Ref(bar(v)), false));
        } else if (isZero(offset) && v.type() == Type.DOUBLE_ARRAY) {
          Variable alias = new Variable(v.name() + "Bar", Type.DOUBLE_ARRAY, Variable.Role.ADJOINT);
          out.add(new Stmt.Assign(alias, new Expr.Ref(gradOut), true, null));
          arrayBars.put(v, new ArrayAdjoint(alias, Expr.Literal.ofInt(0)));
        } else {
          arrayBars.put(v, new ArrayAdjoint(gradOut, offset));
        }
      }
    }

    Variable value = new Variable("value", Type.DOUBLE, Variable.Role.SYNTHETIC);
    List<Stmt> returnAdjoint = new ArrayList<>();
    backprop(ret.value(), asPullback ? new Expr.Ref(seed) : ONE, returnAdjoint);

    out.add(new Stmt.Comment("Forward sweep: " + f.name() + " as written, plus what the reverse sweep needs."));
    Context ctx = Context.topLevel();
    List<Stmt> reversed = stmts;
    Stmt last = stmts.isEmpty() ? null : stmts.get(stmts.size() - 1);
    if (last instanceof Stmt.Loop loop && hasReverse(loop)) {
      List<Stmt> head = stmts.subList(0, stmts.size() - 1);
      out.addAll(forward(head, ctx));
      List<Stmt> fused = fuse(loop, ctx, returnAdjoint);
      if (fused != null) {
        // The seeds go before the loop's initialisers, which stay next to it (for (i = 0; ...)).
        int at = out.size();
        while (at > 0 && out.get(at - 1) instanceof Stmt.Assign init && loop.headerLocals().contains(init.target())) {
          at--;
        }
        out.addAll(at, fused.subList(0, fused.size() - 1));
        out.add(fused.get(fused.size() - 1));
        reversed = head;
      } else {
        // Not fused: reversed iteration by iteration like any other loop, so it saves its calls like one. (What the
        // attempt memoised of its reverse reads without them is a superset of what it reads with them.)
        fusionCandidate = null;
        savedCalls.remove(loop);
        out.addAll(forward(List.of(loop), ctx));
      }
    } else {
      out.addAll(forward(stmts, ctx));
    }
    out.add(new Stmt.Assign(value, ret.value(), true, ret.origin()));
    out.add(new Stmt.Comment("Reverse sweep: adjoints in reverse order."));
    out.addAll(returnAdjoint);
    out.addAll(reverse(reversed));
    out.addAll(scalarWrites);
    out.add(new Stmt.Return(new Expr.Ref(value), null));
    if (discards) {
      out.add(0, declareScratch(discardedAdjoints));
    }
    if (callAdjointSlots > 0) {
      out.add(
          0,
          new Stmt.Assign(
              callAdjoints,
              new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(Expr.Literal.ofInt(callAdjointSlots))),
              true,
              null));
    }
    return new Function(f.name() + (asPullback ? "Pullback" : "Gradient"), params, out);
  }

  private Variable bar(Variable v) {
    return bars.computeIfAbsent(v, k -> new Variable(k.name() + "Bar", k.type(), Variable.Role.ADJOINT));
  }

  /**
   * Whether a statement has reverse code: adjoints, or (for element writes into local arrays) the restoring of the
   * overwritten element.
   */
  private boolean hasReverse(Stmt s) {
    return activity.containsActive(s) || Exprs.containsStore(List.of(s));
  }

  /**
   * A loop whose iterations write array elements runs in <em>store-all</em> mode: its reverse iterations do not
   * recompute (re-running the writes would need the arrays as they were at each iteration's start), but undo each
   * statement in turn, so every value they read that a later statement or iteration overwrites is saved.
   */
  private static boolean storeAll(Stmt.Loop l) {
    return Exprs.containsStore(iteration(l));
  }

  /** The variables the indices of an element access read (not the array itself). */
  private static Set<Variable> indexReads(Expr.Index e) {
    Set<Variable> out = new LinkedHashSet<>();
    Expr x = e;
    while (x instanceof Expr.Index i) {
      Exprs.collectReads(i.index(), out);
      x = i.array();
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ what must be kept

  /**
   * Where taping code runs, and which overwritten values must be restored for the reverse code that runs later.
   *
   * <p>At the top level ({@code region == null}) everything runs. Inside a loop's reverse iteration (the region) only
   * the statements computing values that the iteration's reverse code reads are recomputed. Either way, a value needs
   * saving only if the reverse code of the statements before it reads it ({@code readBefore}, grown as the sweep goes):
   * a loop restores what it carries to each iteration's start by itself (see {@link LoopPlan}).
   */
  private static final class Context {
    final Set<Variable> region;
    final Set<Variable> readBefore;
    /** Inside a store-all loop's body: nothing is recomputed, so declarations, branch records and trip counts too. */
    final boolean storeAll;
    /** The loop whose reverse iteration this recomputes, or null: its taped nested loops are read back instead. */
    final Stmt.Loop recomputing;

    private Context(Set<Variable> region, Set<Variable> readBefore) {
      this(region, readBefore, false, null);
    }

    private Context(Set<Variable> region, Set<Variable> readBefore, boolean storeAll, Stmt.Loop recomputing) {
      this.region = region;
      this.readBefore = readBefore;
      this.storeAll = storeAll;
      this.recomputing = recomputing;
    }

    static Context topLevel() {
      return new Context(null, new LinkedHashSet<>());
    }

    /** The body of a store-all loop whose statements' reverse code reads {@code loopReads}. */
    Context storeAllBody(Set<Variable> loopReads) {
      Set<Variable> reads = new LinkedHashSet<>(readBefore);
      reads.addAll(loopReads);
      return new Context(null, reads, true, null);
    }

    /**
     * A loop's reverse iteration. Variables the loop restores by stepping back ({@code i--}) must be restored by the
     * iteration's own reverse code too, since the step back is relative to where that code leaves them.
     */
    static Context region(Set<Variable> needs, Set<Variable> steppedBack, Stmt.Loop loop) {
      return new Context(needs, new LinkedHashSet<>(steppedBack), false, loop);
    }

    boolean full() {
      return region == null;
    }

    /** Whether a value of {@code v} overwritten here is read later by the reverse sweep. */
    boolean mustRestore(Variable v) {
      return readBefore.contains(v);
    }

    /** Whether a statement assigning {@code v} runs here at all. */
    boolean computes(Variable v) {
      return region == null || region.contains(v);
    }

    /** The context inside a branch: what the branch's own earlier statements read adds to what came before. */
    Context branch() {
      return new Context(region, new LinkedHashSet<>(readBefore), storeAll, recomputing);
    }

    void passed(Set<Variable> reverseReads) {
      readBefore.addAll(reverseReads);
    }
  }

  private boolean isPrimal(Variable v) {
    return v.role() != Variable.Role.ADJOINT && v != gradOut;
  }

  private Set<Variable> primalReads(Set<Variable> reads) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Variable v : reads) {
      if (isPrimal(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** The primal variables that the reverse code of {@code s} reads (memoised). */
  private Set<Variable> reverseReads(Stmt s) {
    Set<Variable> cached = reverseReads.get(s);
    if (cached != null) {
      return cached;
    }
    Set<Variable> out = new LinkedHashSet<>();
    if (s instanceof Stmt.Assign a) {
      List<SavedCall> calls = savedCallsOf(a);
      if (calls != null) {
        // The saved values come from their tapes: what the rest of the adjoint reads is needed, and what the calls
        // read, since the loop's forward run inside an enclosing loop's recompute (a region computing only what is
        // needed) evaluates them to push them, even where it does not compute the assignment itself.
        out.addAll(primalReads(Exprs.reads(adjointOfSaved(a, calls))));
        calls.forEach(c -> out.addAll(primalReads(Exprs.reads(c.call()))));
        calls.forEach(c -> out.remove(c.value()));
      } else if (activity.isActive(a.target())) {
        out.addAll(primalReads(Exprs.reads(adjoint(a))));
      }
      Stmt inverse = inverse(a);
      if (inverse != null) {
        out.addAll(Exprs.reads(((Stmt.Assign) inverse).value()));
        out.remove(a.target());
      }
    } else if (s instanceof Stmt.Store st) {
      if (activity.isActive(st.array())) {
        out.addAll(primalReads(Exprs.reads(adjoint(st))));
      }
      out.addAll(indexReads(st.target())); // where the overwritten element is restored
    } else if (s instanceof Stmt.If i) {
      i.then().forEach(t -> out.addAll(reverseReads(t)));
      i.otherwise().forEach(t -> out.addAll(reverseReads(t)));
    } else if (s instanceof Stmt.Loop l && storeAll(l)) {
      iteration(l).forEach(t -> out.addAll(reverseReads(t)));
    } else if (s instanceof Stmt.Loop l) {
      out.addAll(iterationNeeds(l));
    }
    reverseReads.put(s, out);
    return out;
  }

  /**
   * The values a reverse iteration of {@code l} reads: those its adjoints read, and everything they are computed from
   * inside the iteration (branch conditions, loop conditions and assignments, closed under dependence).
   */
  private Set<Variable> iterationNeeds(Stmt.Loop l) {
    Set<Variable> cached = iterationNeeds.get(l);
    if (cached != null) {
      return cached;
    }
    List<Stmt> iteration = iteration(l);
    Set<Variable> needs = new LinkedHashSet<>();
    for (Stmt s : iteration) {
      needs.addAll(reverseReads(s));
    }
    int size;
    do {
      size = needs.size();
      closeOver(iteration, needs);
    } while (needs.size() != size);
    iterationNeeds.put(l, needs);
    return needs;
  }

  private void closeOver(List<Stmt> stmts, Set<Variable> needs) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        if (needs.contains(a.target())) {
          needs.addAll(primalReads(Exprs.reads(a.value())));
        }
      } else if (s instanceof Stmt.Store st) {
        if (needs.contains(st.array())) {
          needs.addAll(primalReads(Exprs.reads(List.of(st))));
        }
      } else if (s instanceof Stmt.If i) {
        if (activity.containsActive(i) || writesAny(i, needs)) {
          needs.addAll(primalReads(Exprs.reads(i.condition())));
        }
        closeOver(i.then(), needs);
        closeOver(i.otherwise(), needs);
      } else if (s instanceof Stmt.Loop l) {
        if (activity.containsActive(l) || writesAny(l, needs)) {
          needs.addAll(primalReads(Exprs.reads(l.condition())));
          needs.addAll(iterationNeeds(l));
        }
        closeOver(l.body(), needs);
        closeOver(l.update(), needs);
      }
    }
  }

  private static boolean writesAny(Stmt s, Set<Variable> vars) {
    for (Variable v : Exprs.writes(List.of(s))) {
      if (vars.contains(v)) {
        return true;
      }
    }
    return false;
  }

  private static List<Stmt> iteration(Stmt.Loop l) {
    List<Stmt> iteration = new ArrayList<>(l.body());
    iteration.addAll(l.update());
    return iteration;
  }

  /** Variables that a statement overwrites and the reverse code after it still reads: saved before, restored after. */
  private List<Variable> savedAround(Stmt s, Context ctx, Set<Variable> exclude) {
    Set<Variable> locals = s instanceof Stmt.Loop l ? l.bodyLocals() : Set.of();
    List<Variable> out = new ArrayList<>();
    for (Variable v : Exprs.writes(List.of(s))) {
      if (ctx.mustRestore(v) && !locals.contains(v) && !exclude.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ taping mode

  private List<Stmt> forward(List<Stmt> stmts, Context ctx) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      forward(s, ctx, out);
      ctx.passed(reverseReads(s));
    }
    return out;
  }

  private void forward(Stmt s, Context ctx, List<Stmt> out) {
    if (s instanceof Stmt.Assign a) {
      if (!ctx.computes(a.target())) {
        return;
      }
      boolean readByOwnAdjoint =
          activity.isActive(a.target()) && Exprs.reads(adjoint(a)).contains(a.target());
      restored.remove(a); // decided afresh in each context (a fusion attempt may have been abandoned)
      if ((ctx.mustRestore(a.target()) || readByOwnAdjoint) && (!a.declaration() || ctx.storeAll)) {
        restored.add(a);
        if (inverse(a) == null) {
          out.add(new Stmt.Push(new Expr.Ref(a.target())));
        }
      }
      List<SavedCall> calls = ctx.recomputing != null && owners.get(a) == ctx.recomputing ? savedCallsOf(a) : null;
      if (calls != null && !calls.isEmpty()) {
        // Recomputing its own loop's iteration: the forward sweep saved this iteration's calls, read them back.
        for (SavedCall c : calls) {
          out.add(new Stmt.Pop(c.value(), c.tape()));
        }
        out.add(new Stmt.Assign(a.target(), readingSaved(a.value(), calls), a.declaration(), a.origin()));
        callsPoppedByRecompute.add(a);
      } else {
        out.add(a);
      }
      if (a.value() instanceof Expr.NewArray n && activity.isActive(a.target())) {
        // The adjoint array: zero, the same shape.
        out.add(new Stmt.Assign(bar(a.target()), n, true, null));
      }
    } else if (s instanceof Stmt.Store st) {
      if (!ctx.computes(st.array())) {
        return;
      }
      restored.remove(st);
      if (ctx.mustRestore(st.array()) || reverseReads(st).contains(st.array())) {
        // Element-wise taping: the overwritten element goes on the stack, the reverse sweep puts it back.
        restored.add(st);
        out.add(new Stmt.Push(st.target()));
      }
      out.add(st);
    } else if (!hasReverse(s)) {
      // No adjoint inside: like one assignment of everything it overwrites.
      boolean runs = ctx.full() || writesAny(s, ctx.region);
      if (!runs) {
        return;
      }
      List<Variable> saved = savedAround(s, ctx, Set.of());
      saveAround.put(s, saved);
      for (Variable v : saved) {
        out.add(new Stmt.Push(new Expr.Ref(v)));
      }
      out.addAll(plain(List.of(s), ctx));
    } else if (s instanceof Stmt.If i) {
      Variable flag = branchFlags.computeIfAbsent(
          i, k -> new Variable("tookBranch", Type.BOOLEAN, Variable.Role.SYNTHETIC));
      out.add(new Stmt.Assign(flag, i.condition(), true, null));
      out.add(new Stmt.If(new Expr.Ref(flag), forward(i.then(), ctx.branch()), forward(i.otherwise(), ctx.branch())));
      savedRecords.remove(i);
      if (ctx.storeAll) {
        // Later iterations overwrite the record: saved after the branch, so that the reverse pops it first.
        savedRecords.add(i);
        out.add(new Stmt.Push(new Expr.Ref(flag)));
      }
    } else if (s instanceof Stmt.Loop l && storeAll(l)) {
      Variable trips = tripCounts.computeIfAbsent(
          l, k -> new Variable("trips", Type.INT, Variable.Role.SYNTHETIC));
      int at = out.size();
      while (at > 0 && out.get(at - 1) instanceof Stmt.Assign init && l.headerLocals().contains(init.target())) {
        at--;
      }
      out.add(at, new Stmt.Assign(trips, Expr.Literal.ofInt(0), true, null));
      Context inner = ctx.storeAllBody(reverseReads(l));
      List<Stmt> body = new ArrayList<>(forward(l.body(), inner.branch()));
      body.add(increment(trips, Op.ADD));
      List<Stmt> update = forward(l.update(), inner.branch());
      out.add(l.withParts(l.condition(), update, body, l.bodyLocals()));
      saveTrips(l, trips, ctx, out);
    } else if (s instanceof Stmt.Loop l && isTapedHere(l, ctx)) {
      readBackTaped(l, ctx, out);
    } else if (s instanceof Stmt.Loop l) {
      Variable trips = tripCounts.computeIfAbsent(
          l, k -> new Variable("trips", Type.INT, Variable.Role.SYNTHETIC));
      LoopPlan plan = plan(l, ctx);
      loopPlans.put(l, plan);
      // Before the loop's initialisers, so that they stay next to the loop (for (i = 0; ...)).
      int at = out.size();
      while (at > 0 && out.get(at - 1) instanceof Stmt.Assign init && l.headerLocals().contains(init.target())) {
        at--;
      }
      List<Stmt> before = new ArrayList<>();
      for (Variable v : plan.savedOnce) {
        before.add(new Stmt.Push(new Expr.Ref(v)));
      }
      before.add(new Stmt.Assign(trips, Expr.Literal.ofInt(0), true, null));
      out.addAll(at, before);
      List<Stmt> body = new ArrayList<>();
      for (Variable v : plan.savedEachIteration) {
        body.add(new Stmt.Push(new Expr.Ref(v)));
      }
      body.addAll(plainTaping(l.body(), ctx, l));
      body.add(increment(trips, Op.ADD));
      out.add(l.withParts(l.condition(), plainTaping(l.update(), ctx, l), body, l.bodyLocals()));
      saveTrips(l, trips, ctx, out);
    } else {
      throw new IllegalStateException("unexpected statement in reverse mode: " + s);
    }
  }

  /** In a store-all body, the next iteration recounts a nested loop's trips: save the count for the reverse sweep. */
  private void saveTrips(Stmt.Loop l, Variable trips, Context ctx, List<Stmt> out) {
    savedRecords.remove(l);
    if (ctx.storeAll) {
      savedRecords.add(l);
      out.add(new Stmt.Push(new Expr.Ref(trips)));
    }
  }

  private static Stmt increment(Variable v, Op op) {
    return new Stmt.Assign(v, new Expr.Binary(op, new Expr.Ref(v), Expr.Literal.ofInt(1), Type.INT), false, null);
  }

  /**
   * How a loop gets back, in the reverse sweep, to each iteration's start ({@code savedEachIteration} and
   * {@code restores}) and to its own start ({@code savedOnce}: values only the code before the loop reads).
   */
  private record LoopPlan(
      List<Variable> savedEachIteration, List<Stmt> restores, Set<Variable> steppedBack, List<Variable> savedOnce) {}

  private LoopPlan plan(Stmt.Loop l, Context ctx) {
    List<Stmt> iteration = iteration(l);
    Set<Variable> written = Exprs.writes(iteration);
    Set<Variable> needs = iterationNeeds(l);
    List<Variable> saved = new ArrayList<>();
    List<Stmt> restores = new ArrayList<>();
    Set<Variable> steppedBack = new LinkedHashSet<>();
    for (Variable v : written) {
      if (!needs.contains(v) || l.bodyLocals().contains(v)) {
        continue;
      }
      if (v.role() == Variable.Role.SYNTHETIC && conditionRequiresFalse(l.condition(), v)) {
        // A flag the loop condition tests: false at every iteration's start.
        restores.add(new Stmt.Assign(v, Expr.Literal.of(false), false, null));
        continue;
      }
      Stmt inverse = loopInverse(iteration, written, v);
      if (inverse != null) {
        restores.add(inverse);
        steppedBack.add(v);
      } else {
        saved.add(v);
      }
    }
    // The loop's start matters only to the reverse code before the loop; stepped-back counters get there anyway.
    return new LoopPlan(saved, restores, steppedBack, savedAround(l, ctx, steppedBack));
  }

  // ------------------------------------------------------------------------------------------ taped nested loops

  /**
   * A nested loop's results as the forward sweep saves them: {@code results} (those the enclosing loop's reverse
   * iteration reads), each on its own tape, and the loop's trip count on {@code tripsTape} (null when the loop has no
   * reverse, so needs none).
   */
  private record LoopTape(List<Variable> results, List<Tape> tapes, Tape tripsTape) {}

  /** Per loop with a reverse, the loops nested in its iteration that it tapes (identity: loops are records). */
  private final Map<Stmt.Loop, List<Stmt.Loop>> tapedLoops = new IdentityHashMap<>();
  private final Map<Stmt.Loop, LoopTape> loopTapes = new IdentityHashMap<>();

  /**
   * The loops nested in {@code l}'s iteration (directly or in its branches, not inside another loop) whose results
   * {@code l}'s reverse iterations read back from a tape instead of recomputing them.
   *
   * <p>Why: a reverse iteration recomputes the values of its iteration, and for straight-line code that costs what the
   * forward iteration cost, often less than a load from a tape. A nested loop is different: re-running it doubles the
   * work of the hot loop (a hidden unit's dot product, in a network), where saving its results costs one push per
   * value per outer iteration, independent of its trip count. Every such loop is taped, whatever its length: its trip
   * count is unknown at compile time, and a short loop's few pushes cost about what its recomputation does.
   *
   * <p>A loop qualifies when the reverse iteration computes something it writes (else nothing of it is recomputed)
   * and its own reverse needs nothing saved per iteration ({@code p *= x[i]}): those values would be pushed inside
   * the forward sweep's run of it, on the shared stacks, between values the enclosing loop pops first.
   */
  private List<Stmt.Loop> tapedLoops(Stmt.Loop l) {
    List<Stmt.Loop> cached = tapedLoops.get(l);
    if (cached != null) {
      return cached;
    }
    List<Stmt.Loop> out = new ArrayList<>();
    if (!storeAll(l) && hasReverse(l)) {
      collectTaped(reversedIteration(l), iterationNeeds(l), out);
    }
    tapedLoops.put(l, out);
    return out;
  }

  private void collectTaped(List<Stmt> stmts, Set<Variable> needs, List<Stmt.Loop> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        collectTaped(i.then(), needs, out);
        collectTaped(i.otherwise(), needs, out);
      } else if (s instanceof Stmt.Loop inner
          && writesAny(inner, needs)
          && (!hasReverse(inner) || plan(inner, Context.topLevel()).savedEachIteration().isEmpty())) {
        LoopTape tape = loopTape(inner, needs);
        if (tape != null) {
          out.add(inner);
          loopTapes.put(inner, tape);
        }
      }
    }
  }

  /**
   * The values of {@code l}'s run that later code in the enclosing reverse iteration reads: what it writes and the
   * iteration needs, except the variables it declares (they do not outlive an iteration of it). Null when one of them
   * is not a scalar.
   */
  private LoopTape loopTape(Stmt.Loop l, Set<Variable> needs) {
    Set<Variable> own = declared(iteration(l));
    own.addAll(l.bodyLocals());
    List<Variable> results = new ArrayList<>();
    List<Tape> tapes = new ArrayList<>();
    for (Variable v : Exprs.writes(List.of(l))) {
      if (!needs.contains(v) || own.contains(v)) {
        continue;
      }
      if (v.type().isArray() || v.type() == Type.OBJECT) {
        return null;
      }
      results.add(v);
      tapes.add(new Tape(v.name() + "Tape", v.type()));
    }
    if (!hasReverse(l)) {
      return new LoopTape(results, tapes, null);
    }
    // Named after the loop's counter where it has one: iTrips beside iTape, the trip counts of the i loop.
    String trips = l.headerLocals().size() == 1 ? l.headerLocals().iterator().next().name() + "Trips" : "tripsTape";
    return new LoopTape(results, tapes, new Tape(trips, Type.INT));
  }

  /** Whether {@code l} is read back from its tape here: in the reverse iteration of the loop that tapes it. */
  private boolean isTapedHere(Stmt.Loop l, Context ctx) {
    return ctx.recomputing != null && tapedLoops(ctx.recomputing).stream().anyMatch(t -> t == l);
  }

  /**
   * {@code owner}'s body (or update) in plain mode, except that each loop it tapes runs counting its trips and then
   * saves its results. Tapes are stacks: the forward run of {@code owner} pushes once per execution of a taped loop,
   * and {@code owner}'s reverse pops once per execution in the opposite order, since each reverse iteration replays
   * its forward iteration's control flow from the same state. Nesting keeps this balanced wherever {@code owner}
   * itself runs: at the top level, in a store-all body, in a fused loop, or in the recompute of an enclosing loop's
   * iteration (which then runs {@code owner}'s reverse before its next iteration), whatever the trips, branches and
   * flags of {@code break}/{@code continue}, so no position needs computing.
   */
  private List<Stmt> plainTaping(List<Stmt> stmts, Context ctx, Stmt.Loop owner) {
    List<Stmt.Loop> taped = tapedLoops(owner);
    Map<Stmt.Assign, List<SavedCall>> calls = savedCalls(owner);
    if (taped.isEmpty() && calls.isEmpty()) {
      return plain(stmts, ctx);
    }
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (!Exprs.anyStatement(List.of(s), t -> taped.stream().anyMatch(l -> l == t) || calls.containsKey(t))) {
        out.addAll(plain(List.of(s), ctx));
      } else if (s instanceof Stmt.If i) {
        // Run even where an enclosing region needs nothing it writes: owner's reverse pops what it pushes. Its
        // condition is computed there, since owner's reverse needs it to replay the branch.
        out.add(new Stmt.If(i.condition(), plainTaping(i.then(), ctx, owner), plainTaping(i.otherwise(), ctx, owner)));
      } else if (s instanceof Stmt.Assign a) {
        for (SavedCall c : calls.get(a)) {
          out.add(new Stmt.Assign(c.value(), c.call(), true, null));
          out.add(new Stmt.Push(new Expr.Ref(c.value()), c.tape()));
        }
        if (ctx.computes(a.target())) {
          out.add(new Stmt.Assign(a.target(), readingSaved(a.value(), calls.get(a)), a.declaration(), a.origin()));
        }
      } else if (!ctx.full() && !writesAny(s, ctx.region)) {
        // A taped loop writes what owner's reverse needs, which an enclosing region computes: never skipped.
        throw new IllegalStateException("a taped loop would not run: " + s);
      } else {
        runAndTape((Stmt.Loop) s, ctx, out);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ taped calls

  /**
   * A {@code Math} call of an assignment's value that the assignment's adjoint evaluates again (tanh(a) in the
   * adjoint of {@code pred += w * Math.tanh(a)}: it is also the partial's {@code 1 - tanh²(a)}), saved in
   * {@code value} on {@code tape} by the forward sweep.
   */
  private record SavedCall(Expr.Call call, Variable value, Tape tape) {}

  private final Map<Stmt.Loop, Map<Stmt.Assign, List<SavedCall>>> savedCalls = new IdentityHashMap<>();
  private final Map<Stmt.Assign, List<Stmt>> adjointsOfSaved = new IdentityHashMap<>();
  /** The loop whose reverse iteration {@link #reverse} is writing, or null: its saved calls are popped there. */
  private Stmt.Loop reversing;
  /**
   * The assignments of the loop whose reverse iteration is being written that its recomputation evaluates: they read
   * their saved calls there (popping them, once per reverse iteration as always), and their adjoints reuse the values.
   */
  private Set<Stmt.Assign> callsPoppedByRecompute = Set.of();
  /** The innermost loop around each assignment in a loop. */
  private final Map<Stmt.Assign, Stmt.Loop> owners = new IdentityHashMap<>();
  /**
   * The method's last loop, which may be fused with its reverse ({@link #fuse}) and then recomputes nothing: while
   * fusion is tried it saves no calls, so that every assignment with saved calls is reversed in its loop's reverse
   * iteration, and its reverse reads ({@link #reverseReads}) are those of the adjoint reading the saved values. Null
   * once fusion failed: the loop is then reversed like any other.
   */
  private Stmt.Loop fusionCandidate;

  /** The calls saved for {@code a}'s adjoint, or null. */
  private List<SavedCall> savedCallsOf(Stmt.Assign a) {
    Stmt.Loop owner = owners.get(a);
    return owner == null ? null : savedCalls(owner).get(a);
  }

  /**
   * The calls that {@code l}'s reverse iterations read back from tapes instead of evaluating them again, per
   * assignment of its iteration (directly or in its branches).
   *
   * <p>Why: a reverse iteration evaluates the adjoint of each statement, whose partial derivatives repeat the
   * statement's calls: the adjoint of {@code pred += w[c + j] * Math.tanh(a)} needs {@code tanh(a)} twice. The
   * forward iteration computed it already; a transcendental function costs tens of nanoseconds (fdlibm's tanh about
   * 40 ns), a push and a pop a few, so each is saved. Cheap calls ({@code abs}, {@code min}, {@code max}, the
   * piecewise-constant ones) are evaluated again. Only calls the forward statement evaluates unconditionally are
   * saved (not in a branch of {@code ?:}), so saving adds no evaluation.
   */
  private Map<Stmt.Assign, List<SavedCall>> savedCalls(Stmt.Loop l) {
    Map<Stmt.Assign, List<SavedCall>> cached = savedCalls.get(l);
    if (cached != null) {
      return cached;
    }
    Map<Stmt.Assign, List<SavedCall>> out = new IdentityHashMap<>();
    if (!storeAll(l) && hasReverse(l) && l != fusionCandidate) {
      collectCalls(reversedIteration(l), out);
    }
    savedCalls.put(l, out);
    return out;
  }

  private void collectCalls(List<Stmt> stmts, Map<Stmt.Assign, List<SavedCall>> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.If i) {
        collectCalls(i.then(), out);
        collectCalls(i.otherwise(), out);
      } else if (s instanceof Stmt.Assign a && activity.isActive(a.target())
          && !(a.value() instanceof Expr.NewArray)) {
        List<Expr> adjointExprs = Exprs.expressions(adjoint(a));
        List<SavedCall> calls = new ArrayList<>();
        for (Expr.Call c : unconditionalCalls(a.value())) {
          if (adjointExprs.stream().anyMatch(e -> contains(e, c))) {
            String name = Exprs.valueName(c);
            calls.add(new SavedCall(
                c, new Variable(name, Type.DOUBLE, Variable.Role.SYNTHETIC), new Tape(name + "Tape", Type.DOUBLE)));
          }
        }
        if (!calls.isEmpty()) {
          out.put(a, calls);
        }
      }
    }
  }

  /**
   * The distinct expensive double calls that evaluating {@code e} always evaluates: not inside a branch of
   * {@code ?:} or the right operand of {@code &&}/{@code ||}, nor inside another such call (saving the outer one is
   * enough). Innermost first would also do; outermost first keeps the rewrite of the statement simple.
   */
  private static List<Expr.Call> unconditionalCalls(Expr e) {
    List<Expr.Call> out = new ArrayList<>();
    collectUnconditionalCalls(e, out);
    return out;
  }

  private static void collectUnconditionalCalls(Expr e, List<Expr.Call> out) {
    if (e instanceof Expr.Call c && c.type() == Type.DOUBLE && expensive(c.function())) {
      if (!out.contains(c)) {
        out.add(c);
      }
    } else if (e instanceof Expr.Call c) {
      c.args().forEach(a -> collectUnconditionalCalls(a, out));
    } else if (e instanceof Expr.Conditional c) {
      collectUnconditionalCalls(c.condition(), out);
    } else if (e instanceof Expr.Binary b && (b.op() == Op.AND || b.op() == Op.OR)) {
      collectUnconditionalCalls(b.left(), out);
    } else if (e instanceof Expr.Binary b) {
      collectUnconditionalCalls(b.left(), out);
      collectUnconditionalCalls(b.right(), out);
    } else if (e instanceof Expr.Unary u) {
      collectUnconditionalCalls(u.operand(), out);
    } else if (e instanceof Expr.Cast c) {
      collectUnconditionalCalls(c.operand(), out);
    } else if (e instanceof Expr.Index i) {
      collectUnconditionalCalls(i.array(), out);
      collectUnconditionalCalls(i.index(), out);
    } else if (e instanceof Expr.Invoke i) {
      i.args().forEach(a -> collectUnconditionalCalls(a, out));
    }
  }

  private static boolean expensive(Primitive p) {
    return !p.isPiecewiseConstant() && p != Primitive.ABS && p != Primitive.MIN && p != Primitive.MAX;
  }

  private static boolean contains(Expr e, Expr part) {
    boolean[] found = {false};
    Exprs.rewrite(
        e,
        x -> {
          found[0] |= x.equals(part);
          return x;
        });
    return found[0];
  }

  /** {@code value} reading the saved calls' values instead of evaluating the calls. */
  private static Expr readingSaved(Expr value, List<SavedCall> calls) {
    for (SavedCall c : calls) {
      value = Exprs.rewrite(value, x -> x.equals(c.call()) ? new Expr.Ref(c.value()) : x);
    }
    return value;
  }

  /** The adjoint of {@code a} reading its saved calls' values instead of evaluating the calls. */
  private List<Stmt> adjointOfSaved(Stmt.Assign a, List<SavedCall> calls) {
    return adjointsOfSaved.computeIfAbsent(a, k -> {
      List<Stmt> out = adjoint(a);
      for (SavedCall c : calls) {
        out = replace(out, c.call(), new Expr.Ref(c.value()));
      }
      return out;
    });
  }

  private static List<Stmt> replace(List<Stmt> stmts, Expr target, Expr with) {
    java.util.function.UnaryOperator<Expr> r = e -> Exprs.rewrite(e, x -> x.equals(target) ? with : x);
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.target(), r.apply(a.value()), a.declaration(), a.origin()));
      } else if (s instanceof Stmt.ArrayUpdate u) {
        out.add(new Stmt.ArrayUpdate(u.array(), r.apply(u.index()), r.apply(u.value()), u.accumulate()));
      } else if (s instanceof Stmt.Store st) {
        out.add(new Stmt.Store((Expr.Index) r.apply(st.target()), r.apply(st.value()), st.origin()));
      } else if (s instanceof Stmt.Pullback p) {
        List<Expr> slots = new ArrayList<>();
        p.slots().forEach(e -> slots.add(r.apply(e)));
        List<Expr> args = new ArrayList<>();
        p.args().forEach(e -> args.add(r.apply(e)));
        out.add(new Stmt.Pullback(p.callee(), args, r.apply(p.seed()), slots));
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(r.apply(i.condition()), replace(i.then(), target, with), replace(i.otherwise(), target, with)));
      } else if (s instanceof Stmt.Comment) {
        out.add(s);
      } else {
        throw new IllegalStateException("unexpected statement in an adjoint: " + s);
      }
    }
    return out;
  }

  /** Runs a taped loop in the forward sweep, counting its trips if it has a reverse, and pushes its results. */
  private void runAndTape(Stmt.Loop l, Context ctx, List<Stmt> out) {
    LoopTape tape = loopTapes.get(l);
    if (tape.tripsTape() != null) {
      Variable trips = tripCounts.computeIfAbsent(
          l, k -> new Variable("trips", Type.INT, Variable.Role.SYNTHETIC));
      out.add(beforeInitialisers(l, out), new Stmt.Assign(trips, Expr.Literal.ofInt(0), true, null));
      List<Stmt> body = new ArrayList<>(plainTaping(l.body(), ctx, l));
      body.add(increment(trips, Op.ADD));
      out.add(l.withParts(l.condition(), plainTaping(l.update(), ctx, l), body, l.bodyLocals()));
      out.add(new Stmt.Comment("Saved for the reverse sweep, which reads them back instead of re-running the loop."));
      pushResults(tape, out);
      out.add(new Stmt.Push(new Expr.Ref(trips), tape.tripsTape()));
    } else {
      out.addAll(plain(List.of(l), ctx));
      out.add(new Stmt.Comment("Saved for the reverse sweep, which reads them back instead of re-running the loop."));
      pushResults(tape, out);
    }
  }

  private static void pushResults(LoopTape tape, List<Stmt> out) {
    for (int k = 0; k < tape.results().size(); k++) {
      out.add(new Stmt.Push(new Expr.Ref(tape.results().get(k)), tape.tapes().get(k)));
    }
  }

  /**
   * In the reverse iteration of the loop that tapes {@code l}: {@code l}'s results and trip count from the tapes, in
   * place of re-running it; what {@code l}'s own reverse needs besides (the values it overwrites that the reverse of
   * the statements before it reads) is saved as {@link #forward} would.
   */
  private void readBackTaped(Stmt.Loop l, Context ctx, List<Stmt> out) {
    LoopTape tape = loopTapes.get(l);
    LoopPlan plan = tape.tripsTape() == null ? null : plan(l, ctx);
    // The recomputed values that only the loop would have read (its initialisers, a = w[b1 + j] before a += ...)
    // are overwritten by the tape before anything reads them: dropped. Not those its own saves read.
    Set<Variable> overwritten = new LinkedHashSet<>(tape.results());
    if (plan != null) {
      plan.savedOnce.forEach(overwritten::remove);
    }
    Set<Variable> readAfter = new LinkedHashSet<>();
    for (int k = out.size() - 1; k >= 0 && out.get(k) instanceof Stmt.Assign a; k--) {
      if (overwritten.contains(a.target()) && !readAfter.contains(a.target())) {
        out.remove(k);
      } else {
        Exprs.collectReads(a.value(), readAfter);
      }
    }
    Stmt comment = new Stmt.Comment("What the loop computed, saved by the forward sweep: not re-run.");
    if (plan == null) {
      out.add(comment);
    } else {
      Variable trips = tripCounts.computeIfAbsent(
          l, k -> new Variable("trips", Type.INT, Variable.Role.SYNTHETIC));
      loopPlans.put(l, plan);
      savedRecords.remove(l);
      List<Stmt> before = new ArrayList<>();
      for (Variable v : plan.savedOnce) {
        before.add(new Stmt.Push(new Expr.Ref(v)));
      }
      out.addAll(beforeInitialisers(l, out), before);
      out.add(comment);
      out.add(new Stmt.Pop(trips, tape.tripsTape()));
    }
    for (int k = tape.results().size() - 1; k >= 0; k--) {
      out.add(new Stmt.Pop(tape.results().get(k), tape.tapes().get(k)));
    }
  }

  /** Where code that must precede a loop goes: before its initialisers, which stay next to it (for (i = 0; ...)). */
  private static int beforeInitialisers(Stmt.Loop l, List<Stmt> out) {
    int at = out.size();
    while (at > 0 && out.get(at - 1) instanceof Stmt.Assign init && l.headerLocals().contains(init.target())) {
      at--;
    }
    return at;
  }

  // ------------------------------------------------------------------------------------------ fusion

  /**
   * Fuses a final loop's forward and reverse sweeps into one loop, when its reverse can run as soon as each iteration
   * is done: the loop accumulates (nothing it carries needs restoring), the reverse code before it needs none of
   * the values it overwrites, and the adjoints that seed it (e.g. {@code sumBar = 1} for {@code return sum}) are
   * known before it starts. This is the gradient a person writes by hand: one pass computing the value and the
   * gradient together, with nothing recomputed. Returns the code replacing the loop in the forward sweep, and removes
   * the seed statements it moved from {@code returnAdjoint}; or null, changing nothing, when the loop does not
   * qualify.
   */
  private List<Stmt> fuse(Stmt.Loop l, Context ctx, List<Stmt> returnAdjoint) {
    if (storeAll(l)) {
      return null;
    }
    Set<Variable> written = Exprs.writes(iteration(l));
    for (Variable v : written) {
      if (ctx.mustRestore(v) && !l.bodyLocals().contains(v)) {
        return null; // the reverse code before the loop reads a value the loop overwrites
      }
    }
    // Trailing statements without adjoints (a while loop's k++) run after the iteration's adjoint, as they are.
    List<Stmt> active = new ArrayList<>(l.body());
    List<Stmt> trailing = new ArrayList<>();
    while (!active.isEmpty() && !hasReverse(active.get(active.size() - 1))) {
      trailing.add(0, active.remove(active.size() - 1));
    }
    List<Stmt> body = new ArrayList<>(forward(active, Context.topLevel()));
    List<Stmt> adjoint = reverse(active);
    // The adjoint must leave the forward state alone: it may write only its own iteration's locals and bookkeeping.
    Set<Variable> allowed = new LinkedHashSet<>(l.bodyLocals());
    allowed.addAll(tripCounts.values());
    allowed.addAll(branchFlags.values());
    allowed.add(discardedAdjoints); // scratch, never read
    // Saved calls' values: set before their push and popped right before the one adjoint that reads them.
    savedCalls.values().forEach(m -> m.values().forEach(cs -> cs.forEach(c -> allowed.add(c.value()))));
    Set<Variable> adjointWrites = Exprs.writes(adjoint);
    for (Variable v : adjointWrites) {
      if (isPrimal(v) && !allowed.contains(v)) {
        return null;
      }
    }
    // Fused, the iterations' adjoints run first to last instead of last to first, which is right only if they
    // commute: every adjoint one iteration leaves for the next must be only incremented, and read nowhere else
    // (xBar[i] += ..., x0Bar += ..., reading sumBar). An adjoint that is scaled or reset would weight each
    // iteration's contribution by the wrong iterations' factors: r = r * 0.5 + a[i] gives rBar = 0.5 * rBar (the
    // first iteration would get weight 1, not 0.5^(n-1)), and t = a[i] * a[i] gives tBar = 0 (the first iteration
    // would take the return's seed, not the last). The adjoints of the body's own locals, and those the adjoint
    // declares, are the iteration's own: they start every iteration at 0.
    Set<Variable> iterationOwn = declared(adjoint);
    for (Variable v : l.bodyLocals()) {
      Variable vBar = bars.get(v);
      if (vBar != null) {
        iterationOwn.add(vBar);
      }
    }
    for (Variable v : adjointWrites) {
      if (isPrimal(v) || iterationOwn.contains(v)) {
        continue;
      }
      if (!onlyIncremented(adjoint, v) || readsBesideIncrements(adjoint, v)) {
        return null;
      }
    }
    Set<Variable> adjointReads = Exprs.reads(adjoint);
    // Increments commute with increments; anything else the loop's adjoint does to a variable (reading it, or
    // resetting it as the adjoint of an assignment) must see the return's contribution first.
    Set<Variable> ordered = new LinkedHashSet<>(adjointReads);
    for (Variable v : adjointWrites) {
      if (!onlyIncremented(adjoint, v)) {
        ordered.add(v);
      }
    }
    List<Stmt> seeds = new ArrayList<>();
    for (Stmt s : returnAdjoint) {
      Set<Variable> sWrites = Exprs.writes(List.of(s));
      boolean seedsLoop = sWrites.stream().anyMatch(ordered::contains);
      if (!seedsLoop) {
        continue;
      }
      Set<Variable> sReads = Exprs.reads(List.of(s));
      sReads.removeAll(sWrites);
      for (Variable r : sReads) {
        if (written.contains(r) || adjointWrites.contains(r)) {
          return null; // the seed depends on the loop's result: it is only known after the loop
        }
      }
      seeds.add(s);
    }
    returnAdjoint.removeIf(s -> seeds.stream().anyMatch(seed -> seed == s));
    List<Stmt> out = new ArrayList<>(seeds);
    body.add(new Stmt.Comment("Adjoint of this iteration, at once: the loop only accumulates."));
    body.addAll(adjoint);
    body.addAll(trailing);
    out.add(l.withParts(l.condition(), l.update(), body, l.bodyLocals()));
    return out;
  }

  /** The variables the statements declare (at any depth). */
  private static Set<Variable> declared(List<Stmt> stmts) {
    Set<Variable> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && a.declaration()) {
        out.add(a.target());
      } else if (s instanceof Stmt.If i) {
        out.addAll(declared(i.then()));
        out.addAll(declared(i.otherwise()));
      } else if (s instanceof Stmt.Loop l) {
        out.addAll(declared(l.body()));
        out.addAll(declared(l.update()));
      }
    }
    return out;
  }

  /** Whether the statements read {@code v} anywhere but as the left operand of its increments {@code v = v ± e}. */
  private static boolean readsBesideIncrements(List<Stmt> stmts, Variable v) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        Expr read = a.value();
        if (a.target() == v
            && a.value() instanceof Expr.Binary b
            && (b.op() == Op.ADD || b.op() == Op.SUB)
            && b.left() instanceof Expr.Ref r
            && r.variable() == v) {
          read = b.right();
        }
        if (Exprs.reads(read).contains(v)) {
          return true;
        }
      } else if (s instanceof Stmt.If i) {
        if (Exprs.reads(i.condition()).contains(v)
            || readsBesideIncrements(i.then(), v)
            || readsBesideIncrements(i.otherwise(), v)) {
          return true;
        }
      } else if (s instanceof Stmt.Loop l) {
        if (Exprs.reads(l.condition()).contains(v)
            || readsBesideIncrements(l.update(), v)
            || readsBesideIncrements(l.body(), v)) {
          return true;
        }
      } else if (Exprs.reads(List.of(s)).contains(v)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every assignment of {@code v} in the statements is an increment {@code v = v ± e}. */
  private static boolean onlyIncremented(List<Stmt> stmts, Variable v) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        boolean increment =
            a.value() instanceof Expr.Binary b
                && (b.op() == Op.ADD || b.op() == Op.SUB)
                && b.left() instanceof Expr.Ref r
                && r.variable() == v
                && !Exprs.reads(b.right()).contains(v);
        if (!increment) {
          return false;
        }
      } else if (s instanceof Stmt.Pop p && p.target() == v) {
        return false;
      } else if (s instanceof Stmt.If i) {
        if (!onlyIncremented(i.then(), v) || !onlyIncremented(i.otherwise(), v)) {
          return false;
        }
      } else if (s instanceof Stmt.Loop l) {
        if (!onlyIncremented(l.body(), v) || !onlyIncremented(l.update(), v)) {
          return false;
        }
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------ plain mode

  /** The statements as written (top level) or only those computing values the region needs. */
  private List<Stmt> plain(List<Stmt> stmts, Context ctx) {
    if (ctx.full()) {
      return stmts;
    }
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : stmts) {
      if (!writesAny(s, ctx.region)) {
        continue;
      }
      if (s instanceof Stmt.Assign) {
        out.add(s);
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), plain(i.then(), ctx), plain(i.otherwise(), ctx)));
      } else if (s instanceof Stmt.Loop l && isTapedHere(l, ctx)) {
        readBackTaped(l, ctx, out);
      } else if (s instanceof Stmt.Loop l) {
        out.add(l.withParts(l.condition(), plain(l.update(), ctx), plain(l.body(), ctx), l.bodyLocals()));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------ reverse mode

  private List<Stmt> reverse(List<Stmt> stmts) {
    List<Stmt> out = new ArrayList<>();
    for (int k = stmts.size() - 1; k >= 0; k--) {
      Stmt s = stmts.get(k);
      if (s instanceof Stmt.Assign a) {
        if (restored.contains(a)) {
          Stmt inverse = inverse(a);
          out.add(inverse != null ? inverse : new Stmt.Pop(a.target()));
        }
        List<SavedCall> calls = savedCallsOf(a);
        if (calls != null) {
          if (reversing != owners.get(a)) {
            throw new IllegalStateException("saved calls popped outside their loop's reverse iteration: " + a);
          }
          if (!callsPoppedByRecompute.contains(a)) {
            for (int j = calls.size() - 1; j >= 0; j--) {
              out.add(new Stmt.Pop(calls.get(j).value(), calls.get(j).tape()));
            }
          }
          out.addAll(adjointOfSaved(a, calls));
        } else if (activity.isActive(a.target())) {
          out.addAll(adjoint(a));
        }
      } else if (s instanceof Stmt.Store st) {
        if (restored.contains(st)) {
          out.add(new Stmt.PopInto(st.target()));
        }
        if (activity.isActive(st.array())) {
          out.addAll(adjoint(st));
        }
      } else if (!hasReverse(s)) {
        List<Variable> saved = saveAround.getOrDefault(s, List.of());
        for (int j = saved.size() - 1; j >= 0; j--) {
          out.add(new Stmt.Pop(saved.get(j)));
        }
      } else if (s instanceof Stmt.If i) {
        List<Stmt> then = reverse(i.then());
        List<Stmt> otherwise = reverse(i.otherwise());
        if (savedRecords.contains(i)) {
          out.add(new Stmt.Pop(branchFlags.get(i)));
        }
        if (!then.isEmpty() || !otherwise.isEmpty()) {
          out.add(new Stmt.If(new Expr.Ref(branchFlags.get(i)), then, otherwise));
        }
      } else if (s instanceof Stmt.Loop l) {
        out.addAll(reverseLoop(l));
      }
    }
    return out;
  }

  private List<Stmt> reverseLoop(Stmt.Loop l) {
    Variable trips = tripCounts.get(l);
    List<Stmt> out = new ArrayList<>();
    if (savedRecords.contains(l)) {
      out.add(new Stmt.Pop(trips));
    }
    if (storeAll(l)) {
      List<Stmt> body = new ArrayList<>();
      body.add(new Stmt.Comment("Undo this iteration: it wrote array elements, so nothing is recomputed."));
      body.addAll(reversing(null, iteration(l)));
      out.add(countDown(trips, body));
      return out;
    }
    LoopPlan plan = loopPlans.get(l);
    List<Stmt> body = new ArrayList<>();
    body.add(new Stmt.Comment("Back to the state at the start of this iteration."));
    for (int j = plan.savedEachIteration.size() - 1; j >= 0; j--) {
      body.add(new Stmt.Pop(plan.savedEachIteration.get(j)));
    }
    body.addAll(plan.restores);
    List<Stmt> iteration = reversedIteration(l);
    Set<Stmt.Assign> outerPopped = callsPoppedByRecompute;
    callsPoppedByRecompute = Collections.newSetFromMap(new IdentityHashMap<>());
    try {
      List<Stmt> recompute = forward(iteration, Context.region(iterationNeeds(l), plan.steppedBack, l));
      if (!recompute.isEmpty()) {
        body.add(new Stmt.Comment("Recompute this iteration's values."));
        body.addAll(recompute);
      }
      body.addAll(reversing(l, iteration));
    } finally {
      callsPoppedByRecompute = outerPopped;
    }
    out.add(countDown(trips, body));
    for (int j = plan.savedOnce.size() - 1; j >= 0; j--) {
      out.add(new Stmt.Pop(plan.savedOnce.get(j)));
    }
    return out;
  }

  /** {@link #reverse} of a loop's iteration, popping the calls {@code l} saved (none when null). */
  private List<Stmt> reversing(Stmt.Loop l, List<Stmt> iteration) {
    Stmt.Loop outer = reversing;
    reversing = l;
    try {
      return reverse(iteration);
    } finally {
      reversing = outer;
    }
  }

  /** What a reverse iteration recomputes and then reverses: the iteration without its trailing statements. */
  private List<Stmt> reversedIteration(Stmt.Loop l) {
    List<Stmt> iteration = iteration(l);
    // Trailing statements without adjoints would be run and at once undone: drop them from both sweeps.
    while (!iteration.isEmpty() && !hasReverse(iteration.get(iteration.size() - 1))) {
      iteration.remove(iteration.size() - 1);
    }
    return iteration;
  }

  /** {@code for (; trips > 0; trips--) body}: a loop's reverse, one iteration per recorded trip. */
  private static Stmt countDown(Variable trips, List<Stmt> body) {
    return new Stmt.Loop(
        Stmt.Loop.Kind.FOR,
        new Expr.Binary(Op.GT, new Expr.Ref(trips), Expr.Literal.ofInt(0), Type.BOOLEAN),
        List.of(increment(trips, Op.SUB)),
        body,
        Set.of(),
        Set.of());
  }

  private static boolean conditionRequiresFalse(Expr condition, Variable v) {
    if (condition instanceof Expr.Binary b && b.op() == Op.AND) {
      return conditionRequiresFalse(b.left(), v) || conditionRequiresFalse(b.right(), v);
    }
    return condition instanceof Expr.Unary u
        && u.op() == Op.NOT
        && u.operand() instanceof Expr.Ref r
        && r.variable() == v;
  }

  /**
   * An integer stepped once per iteration by a loop-invariant amount ({@code i++}, {@code i += k}) is restored by
   * stepping back, not by saving it.
   */
  private Stmt loopInverse(List<Stmt> iteration, Set<Variable> written, Variable v) {
    Stmt.Assign step = null;
    for (Stmt s : iteration) {
      if (s instanceof Stmt.Assign a && a.target() == v) {
        if (step != null) {
          return null;
        }
        step = a;
      } else if (!(s instanceof Stmt.Assign) && Exprs.writes(List.of(s)).contains(v)) {
        return null;
      }
    }
    if (step == null) {
      return null;
    }
    Stmt inverse = inverse(step);
    if (inverse == null) {
      return null;
    }
    Expr amount = ((Expr.Binary) step.value()).right();
    for (Variable r : Exprs.reads(amount)) {
      if (written.contains(r)) {
        return null;
      }
    }
    return inverse;
  }

  /** {@code i = i - c} for {@code i = i + c} on an integer (exact, wrap-around included); else null. */
  private static Stmt inverse(Stmt.Assign a) {
    Variable v = a.target();
    if (!v.type().isIntegral()
        || !(a.value() instanceof Expr.Binary b)
        || (b.op() != Op.ADD && b.op() != Op.SUB)
        || !(b.left() instanceof Expr.Ref r && r.variable() == v)
        || Exprs.reads(b.right()).contains(v)
        || b.right().type() != v.type() && !(v.type() == Type.LONG && b.right().type() == Type.INT)) {
      return null;
    }
    Op back = b.op() == Op.ADD ? Op.SUB : Op.ADD;
    return new Stmt.Assign(v, new Expr.Binary(back, new Expr.Ref(v), b.right(), v.type()), false, null);
  }

  // ------------------------------------------------------------------------------------------ adjoints

  /** The adjoint of one assignment to an active variable, with the values as they were before it. */
  private List<Stmt> adjoint(Stmt.Assign a) {
    return adjoints.computeIfAbsent(a, k -> buildAdjoint(a));
  }

  /** The adjoint of an element write into an active local array, with the values as they were before it. */
  private List<Stmt> adjoint(Stmt.Store st) {
    return adjoints.computeIfAbsent(st, k -> buildAdjoint(st));
  }

  private List<Stmt> buildAdjoint(Stmt.Store st) {
    List<Stmt> out = new ArrayList<>();
    if (st.origin() != null) {
      out.add(new Stmt.Comment("adjoint of: " + st.origin()));
    }
    Variable array = st.array();
    Expr.Index elementBar = (Expr.Index) Exprs.withRoot(st.target(), new Expr.Ref(bar(array)));
    Expr e = st.value();
    if (e instanceof Expr.Binary b
        && (b.op() == Op.ADD || b.op() == Op.SUB)
        && b.left().equals(st.target())
        && !Exprs.reads(b.right()).contains(array)) {
      // h[i] = h[i] ± rest: the element's adjoint passes through unchanged.
      backprop(b.right(), b.op() == Op.ADD ? elementBar : neg(elementBar), out);
    } else {
      Variable incoming = new Variable(array.name() + "BarIn", Type.DOUBLE, Variable.Role.ADJOINT);
      out.add(new Stmt.Assign(incoming, elementBar, true, null));
      out.add(new Stmt.Store(elementBar, ZERO, null));
      backprop(e, new Expr.Ref(incoming), out);
    }
    return Collections.unmodifiableList(out);
  }

  private List<Stmt> buildAdjoint(Stmt.Assign a) {
    List<Stmt> out = new ArrayList<>();
    if (a.value() instanceof Expr.NewArray) {
      return List.of(); // allocating: the adjoint array is allocated with it, in the forward sweep
    }
    if (a.origin() != null) {
      out.add(new Stmt.Comment("adjoint of: " + a.origin()));
    }
    Variable v = a.target();
    Variable vBar = bar(v);
    Expr e = a.value();
    if (e instanceof Expr.Binary b
        && (b.op() == Op.ADD || b.op() == Op.SUB)
        && b.left() instanceof Expr.Ref r
        && r.variable() == v
        && !Exprs.reads(b.right()).contains(v)) {
      // v = v ± rest: v's adjoint passes through unchanged.
      Expr g = b.op() == Op.ADD ? new Expr.Ref(vBar) : neg(new Expr.Ref(vBar));
      backprop(b.right(), g, out);
    } else if (Exprs.reads(e).contains(v)) {
      Variable incoming = new Variable(v.name() + "BarIn", Type.DOUBLE, Variable.Role.ADJOINT);
      out.add(new Stmt.Assign(incoming, new Expr.Ref(vBar), true, null));
      out.add(new Stmt.Assign(vBar, ZERO, false, null));
      backprop(e, new Expr.Ref(incoming), out);
    } else {
      backprop(e, new Expr.Ref(vBar), out);
      out.add(new Stmt.Assign(vBar, ZERO, false, null));
    }
    return Collections.unmodifiableList(out);
  }

  /** Adds {@code g · ∂e/∂u} to the adjoint of every active {@code u} that {@code e} reads. */
  private void backprop(Expr e, Expr g, List<Stmt> out) {
    if (!activity.isActive(e)) {
      return;
    }
    if (e instanceof Expr.Ref r) {
      Variable uBar = bar(r.variable());
      out.add(new Stmt.Assign(uBar, add(new Expr.Ref(uBar), g), false, null));
    } else if (e instanceof Expr.Index i) {
      Variable array = Exprs.root(i);
      ArrayAdjoint adj = arrayBars.get(array);
      if (adj != null) {
        out.add(new Stmt.ArrayUpdate(adj.array(), Layout.slot(i, adj.offset()), g, true));
      } else {
        // An element of a local array: its adjoint array accumulates.
        Expr.Index elementBar = (Expr.Index) Exprs.withRoot(i, new Expr.Ref(bar(array)));
        out.add(new Stmt.Store(elementBar, add(elementBar, g), null));
      }
    } else if (e instanceof Expr.Unary u) {
      backprop(u.operand(), neg(g), out);
    } else if (e instanceof Expr.Conditional c) {
      List<Stmt> then = new ArrayList<>();
      List<Stmt> otherwise = new ArrayList<>();
      backprop(c.ifTrue(), g, then);
      backprop(c.ifFalse(), g, otherwise);
      out.add(new Stmt.If(c.condition(), then, otherwise));
    } else if (Rules.isSelection(e)) {
      backprop(Rules.asSelection((Expr.Call) e), g, out);
    } else if (e instanceof Expr.Invoke i && !i.callee().isCustom()) {
      backpropThroughCall(i, g, out);
    } else if (Rules.hasPartials(e)) {
      List<Expr> operands = Rules.operands(e);
      List<Expr> partials = Rules.partials(e);
      for (int k = 0; k < operands.size(); k++) {
        if (partials.get(k) != null && activity.isActive(operands.get(k))) {
          backprop(operands.get(k), mul(g, partials.get(k)), out);
        }
      }
    }
  }

  /**
   * A call of another {@code @Differentiable} method: its generated pullback adds {@code g · ∂callee/∂p} to the
   * adjoint of each argument. Arrays passed whole have adjoint arrays already (a caller's parameter: its slice of
   * {@code gradOut}); a double argument's adjoint lands in a slot of {@code callAdjoints}, from where it flows on into
   * the argument expression.
   */
  private void backpropThroughCall(Expr.Invoke call, Expr g, List<Stmt> out) {
    List<Callee.Param> params = call.callee().parameters();
    List<Expr> slots = new ArrayList<>();
    List<Stmt> zero = new ArrayList<>();
    List<Integer> scalarSlots = new ArrayList<>();
    List<Expr> scalarArgs = new ArrayList<>();
    for (int k = 0; k < params.size(); k++) {
      if (!params.get(k).differentiable()) {
        continue;
      }
      Expr arg = call.args().get(k);
      if (params.get(k).type() == Type.DOUBLE) {
        int slot = callAdjointSlots++;
        slots.add(new Expr.Ref(callAdjoints));
        slots.add(Expr.Literal.ofInt(slot));
        if (activity.isActive(arg)) {
          zero.add(new Stmt.ArrayUpdate(callAdjoints, Expr.Literal.ofInt(slot), ZERO, false));
          scalarSlots.add(slot);
          scalarArgs.add(arg);
        }
      } else {
        ArrayAdjoint adjoint = arg instanceof Expr.Ref r ? arrayBars.get(r.variable()) : null;
        if (adjoint != null) {
          slots.add(new Expr.Ref(adjoint.array()));
          slots.add(adjoint.offset());
        } else {
          // A constant array passed where the callee differentiates: its adjoint is discarded.
          discards = true;
          zero.add(growScratch(discardedAdjoints, new Expr.Length(arg)));
          slots.add(new Expr.Ref(discardedAdjoints));
          slots.add(Expr.Literal.ofInt(0));
        }
      }
    }
    out.addAll(zero);
    out.add(new Stmt.Pullback(call.callee(), call.args(), g, slots));
    for (int k = 0; k < scalarArgs.size(); k++) {
      backprop(
          scalarArgs.get(k),
          new Expr.Index(new Expr.Ref(callAdjoints), Expr.Literal.ofInt(scalarSlots.get(k))),
          out);
    }
  }
}
