package dev.hesse.processor.fuzz;

import dev.hesse.processor.fuzz.Ast.Assign;
import dev.hesse.processor.fuzz.Ast.BLit;
import dev.hesse.processor.fuzz.Ast.Bin;
import dev.hesse.processor.fuzz.Ast.Break;
import dev.hesse.processor.fuzz.Ast.Call;
import dev.hesse.processor.fuzz.Ast.Cast;
import dev.hesse.processor.fuzz.Ast.Compound;
import dev.hesse.processor.fuzz.Ast.Cond;
import dev.hesse.processor.fuzz.Ast.Continue;
import dev.hesse.processor.fuzz.Ast.DLit;
import dev.hesse.processor.fuzz.Ast.Decl;
import dev.hesse.processor.fuzz.Ast.E;
import dev.hesse.processor.fuzz.Ast.For;
import dev.hesse.processor.fuzz.Ast.ForEach;
import dev.hesse.processor.fuzz.Ast.ILit;
import dev.hesse.processor.fuzz.Ast.If;
import dev.hesse.processor.fuzz.Ast.Inputs;
import dev.hesse.processor.fuzz.Ast.LLit;
import dev.hesse.processor.fuzz.Ast.Len;
import dev.hesse.processor.fuzz.Ast.MatRead;
import dev.hesse.processor.fuzz.Ast.Named;
import dev.hesse.processor.fuzz.Ast.P;
import dev.hesse.processor.fuzz.Ast.Program;
import dev.hesse.processor.fuzz.Ast.Read;
import dev.hesse.processor.fuzz.Ast.Return;
import dev.hesse.processor.fuzz.Ast.S;
import dev.hesse.processor.fuzz.Ast.Scope;
import dev.hesse.processor.fuzz.Ast.Step;
import dev.hesse.processor.fuzz.Ast.T;
import dev.hesse.processor.fuzz.Ast.Un;
import dev.hesse.processor.fuzz.Ast.Var;
import dev.hesse.processor.fuzz.Ast.While;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * An interpreter of {@link Ast} programs over {@link Taylor} numbers: Java's semantics (promotion, int and long
 * wrap-around, narrowing compound assignment, short-circuit evaluation, Math vs StrictMath) and, independently of
 * Hesse, its own first and second derivatives of every operation. Evaluates in the order Java does, so its value is
 * bit-for-bit the compiled method's.
 */
final class Oracle {
  static final double K = 1.25;
  static final double G = Math.sqrt(2.0);
  static final double[] TABLE = {0.5, -1.5, 2.0, 0.25};
  static final int KN = 3;
  static final long KL = 5L;
  static final boolean KB = true;
  static final int KI = (int) Math.floor(3 * G);
  static final int[] PERM = {2, 0, 3, 1};
  private static final double LN10 = Math.log(10.0);
  private static final long MAX_STEPS = 2_000_000;

  /**
   * What one evaluation found. {@code trace} hashes every discrete decision taken (comparisons, branches of abs,
   * min and max, values of floor, casts to int...): two points with the same trace are on the same smooth piece.
   */
  record Result(Taylor value, int dimension, String degenerate, long trace) {}

  private Map<String, Object> env = new HashMap<>();
  private final Map<E, T> types = new IdentityHashMap<>();
  private String degenerate;
  private int dimension;
  private long trace = 17;
  private Object returned;
  private long steps;

  private enum Flow {
    NORMAL,
    BREAK,
    CONTINUE,
    RETURN
  }

  static Result run(Program program) {
    return new Oracle().evaluate(program);
  }

  private Result evaluate(Program program) {
    List<P> params = program.params();
    Inputs in = program.inputs();
    int n = in.dimension(params);
    dimension = n;
    double[] v = in.direction(params);
    int slot = 0;
    for (P p : params) {
      switch (p) {
        case X0, X1, X2 -> {
          double x = p == P.X0 ? in.x0() : p == P.X1 ? in.x1() : in.x2();
          env.put(p.javaName(), Taylor.variable(x, slot, n, v[slot]));
          slot++;
        }
        case A, B -> {
          double[] values = p == P.A ? in.a() : in.b();
          Taylor[] t = new Taylor[values.length];
          for (int i = 0; i < values.length; i++) {
            t[i] = Taylor.variable(values[i], slot, n, v[slot]);
            slot++;
          }
          env.put(p.javaName(), t);
        }
        case MM -> {
          double[][] values = in.mm();
          Taylor[][] t = new Taylor[values.length][];
          for (int i = 0; i < values.length; i++) {
            t[i] = new Taylor[values[i].length];
            for (int j = 0; j < values[i].length; j++) {
              t[i][j] = Taylor.variable(values[i][j], slot, n, v[slot]);
              slot++;
            }
          }
          env.put(p.javaName(), t);
        }
        default -> env.put(p.javaName(), constantArgument(p, in));
      }
    }
    if (!env.containsKey("mm")) {
      Taylor[][] t = new Taylor[in.mm().length][];
      for (int i = 0; i < t.length; i++) {
        t[i] = constants(in.mm()[i]);
      }
      env.put("mm", t);
    }
    // Parameters the method does not declare are never read; bind them for uniformity.
    for (P p : P.values()) {
      env.putIfAbsent(p.javaName(), p == P.A || p == P.B ? constants(p == P.A ? in.a() : in.b())
          : p.differentiable ? Taylor.constant(p == P.X0 ? in.x0() : p == P.X1 ? in.x1() : in.x2())
          : constantArgument(p, in));
    }
    env.put("TABLE", constants(TABLE));
    env.put("PERM", PERM.clone());
    // The local arrays, sized by their expressions over the parameters, zeroed as Java allocates them; double
    // elements active (Taylor.activeZero), as Hesse's activity is per array.
    for (Ast.LocalArray l : Ast.LOCAL_ARRAYS) {
      int rows = (Integer) eval(l.rows());
      if (l.cols() == null) {
        env.put(l.name(), row(l.type(), rows, n));
      } else {
        int cols = (Integer) eval(l.cols());
        Object[] m = l.type() == T.INT ? new int[rows][] : new Taylor[rows][];
        for (int i = 0; i < rows; i++) {
          m[i] = row(l.type(), cols, n);
        }
        env.put(l.name(), m);
      }
    }
    // The receiver's fields, bare and through this; a static program never reads them.
    Ast.Receiver self = in.self();
    Object[] fields = {Taylor.constant(self.fx()), self.fk(), self.fm(), self.fflag(), constants(self.fw()),
        self.fidx().clone()};
    String[] names = {"fx", "fk", "fm", "fflag", "fw", "fidx"};
    for (int k = 0; k < names.length; k++) {
      env.put(names[k], fields[k]);
      env.put("this." + names[k], fields[k]);
    }
    for (Decl d : program.locals()) {
      exec(d);
    }
    Flow flow = exec(program.body());
    Object result = flow == Flow.RETURN ? returned : eval(program.result());
    return new Result(asTaylor(result), n, degenerate, trace);
  }

  private static Object constantArgument(P p, Inputs in) {
    switch (p) {
      case C:
        return Taylor.constant(in.c());
      case W:
        return constants(in.w());
      case N:
        return in.n();
      case IDX:
        return in.idx();
      case M:
        return in.m();
      case FLAG:
        return in.flag();
      case MAT:
        return in.mat();
      case MASK:
        return in.mask();
      case LS:
        return in.ls();
      case IMAT:
        return in.imat();
      default:
        throw new IllegalArgumentException(p.toString());
    }
  }

  /** A freshly allocated array of the given element type. */
  private static Object row(T type, int length, int n) {
    switch (type) {
      case INT:
        return new int[length];
      case LONG:
        return new long[length];
      case BOOLEAN:
        return new boolean[length];
      default:
        return zeros(length, n);
    }
  }

  private static Taylor[] zeros(int length, int n) {
    Taylor[] t = new Taylor[length];
    java.util.Arrays.fill(t, Taylor.activeZero(n));
    return t;
  }

  private static Taylor[] constants(double[] values) {
    Taylor[] t = new Taylor[values.length];
    for (int i = 0; i < values.length; i++) {
      t[i] = Taylor.constant(values[i]);
    }
    return t;
  }

  private void decide(long decision) {
    trace = trace * 1_000_003 + decision;
  }

  private void degenerate(String why) {
    if (degenerate == null) {
      degenerate = why;
    }
  }

  // ------------------------------------------------------------------------------------------------ statements

  private Flow exec(List<S> body) {
    for (S s : body) {
      Flow f = exec(s);
      if (f != Flow.NORMAL) {
        return f;
      }
    }
    return Flow.NORMAL;
  }

  private void tick() {
    if (++steps > MAX_STEPS) {
      throw new IllegalStateException("generated program does not terminate (generator bug)");
    }
  }

  private Flow exec(S s) {
    tick();
    if (s instanceof Decl d) {
      env.put(d.name(), convert(eval(d.init()), d.type()));
    } else if (s instanceof Assign a) {
      env.put(a.name(), convert(eval(a.value()), a.type()));
    } else if (s instanceof Compound c) {
      // Checked like the operators of expressions: s *= s in nested loops overflows, and a dead infinite value
      // still meets a zero adjoint in the reverse sweep (0 · ∞).
      Object combined = finite(binary(c.op(), env.get(c.name()), c.type(), eval(c.value()), type(c.value())));
      env.put(c.name(), convert(combined, c.type()));
    } else if (s instanceof Step st) {
      Object old = env.get(st.name());
      Object one = st.type() == T.DOUBLE ? (Object) Taylor.constant(1.0) : st.type() == T.LONG ? (Object) 1L : 1;
      env.put(st.name(), convert(finite(binary(st.increment() ? Ast.BOp.ADD : Ast.BOp.SUB, old, st.type(), one,
          st.type() == T.DOUBLE ? T.DOUBLE : st.type())), st.type()));
    } else if (s instanceof If i) {
      return (Boolean) eval(i.cond()) ? exec(i.then()) : exec(i.otherwise());
    } else if (s instanceof Ast.Switch sw) {
      int selector = ((Number) eval(sw.selector())).intValue();
      for (int k = 0; k < sw.groups().size(); k++) {
        for (E label : sw.labels().get(k)) {
          if ((Integer) eval(label) == selector) {
            return exec(sw.groups().get(k));
          }
        }
      }
      return sw.otherwise() == null ? exec(List.of()) : exec(sw.otherwise());
    } else if (s instanceof For f) {
      env.put(f.counter(), convert(eval(f.from()), T.INT));
      while (true) {
        tick();
        boolean go = compare(f.cmp(), env.get(f.counter()), T.INT, eval(f.to()), type(f.to()));
        if (go && f.extra() != null) {
          go = (Boolean) eval(f.extra());
        }
        if (!go) {
          break;
        }
        Flow flow = exec(f.body());
        if (flow == Flow.RETURN) {
          return flow;
        }
        if (flow == Flow.BREAK) {
          break;
        }
        env.put(f.counter(), (Integer) env.get(f.counter()) + f.step());
      }
      env.remove(f.counter());
    } else if (s instanceof While w) {
      env.put(w.counter(), 0);
      boolean first = true;
      while (true) {
        tick();
        if (!(w.doWhile() && first)) {
          boolean go = compare(Ast.BOp.LT, env.get(w.counter()), T.INT, eval(w.bound()), type(w.bound()));
          if (go && w.extra() != null) {
            go = (Boolean) eval(w.extra());
          }
          if (!go) {
            break;
          }
        }
        first = false;
        env.put(w.counter(), (Integer) env.get(w.counter()) + 1);
        Flow flow = exec(w.body());
        if (flow == Flow.RETURN) {
          return flow;
        }
        if (flow == Flow.BREAK) {
          break;
        }
      }
      env.remove(w.counter());
    } else if (s instanceof ForEach f) {
      String name = f.array();
      // A row of a local matrix: hm[1].
      Object array = name.endsWith("]")
          ? java.lang.reflect.Array.get(env.get(name.substring(0, name.indexOf('['))),
              Integer.parseInt(name.substring(name.indexOf('[') + 1, name.length() - 1)))
          : env.get(name);
      int length = java.lang.reflect.Array.getLength(array);
      for (int k = 0; k < length; k++) {
        tick();
        Object element = java.lang.reflect.Array.get(array, k);
        env.put(f.var(), convert(element, f.elemType()));
        Flow flow = exec(f.body());
        if (flow == Flow.RETURN) {
          return flow;
        }
        if (flow == Flow.BREAK) {
          break;
        }
      }
      env.remove(f.var());
    } else if (s instanceof Ast.ForEachRow r) {
      Object matrix = env.get(r.matrix());
      int rows = java.lang.reflect.Array.getLength(matrix);
      for (int k = 0; k < rows; k++) {
        tick();
        env.put(r.row(), java.lang.reflect.Array.get(matrix, k));
        Flow flow = exec(r.each());
        if (flow == Flow.RETURN) {
          return flow;
        }
      }
      env.remove(r.row());
    } else if (s instanceof Scope sc) {
      exec(sc.decl());
      Flow flow = exec(sc.body());
      env.remove(sc.decl().name());
      return flow;
    } else if (s instanceof Ast.Store st) {
      store(st);
    } else if (s instanceof Break) {
      return Flow.BREAK;
    } else if (s instanceof Continue) {
      return Flow.CONTINUE;
    } else if (s instanceof Return r) {
      returned = convert(eval(r.value()), T.DOUBLE);
      return Flow.RETURN;
    } else {
      throw new IllegalArgumentException(String.valueOf(s));
    }
    return Flow.NORMAL;
  }

  /**
   * An element write into a local array, as Java evaluates it: the array (a row of a matrix), the index, the old
   * element for a compound operator, then the value; compound assignment narrows to the element type.
   */
  private void store(Ast.Store st) {
    Object array = env.get(st.array());
    int i = index(eval(st.i()));
    if (st.j() != null) {
      array = java.lang.reflect.Array.get(array, i);
      i = index(eval(st.j()));
    }
    T type = Ast.ARRAYS.getOrDefault(st.array(), T.DOUBLE);
    Object result;
    if (st.value() == null) {
      Object one = type == T.DOUBLE ? (Object) Taylor.constant(1.0) : (Object) 1;
      result = finite(binary(st.op(), java.lang.reflect.Array.get(array, i), type, one, type));
    } else if (st.op() == null) {
      result = eval(st.value());
    } else {
      Object old = java.lang.reflect.Array.get(array, i);
      result = finite(binary(st.op(), old, type, eval(st.value()), type(st.value())));
    }
    Object converted = convert(result, type);
    if (converted instanceof Taylor t && !t.active()) {
      converted = Taylor.activeConstant(t.f, dimension); // see Taylor.activeZero
    }
    java.lang.reflect.Array.set(array, i, converted);
  }

  /**
   * A call of one of the {@link Helpers}: a {@code @Differentiable} one by its body in Taylor arithmetic on the
   * arguments, a {@code @CustomDerivative} one by its body for the value and its partials for the derivatives.
   */
  private Object invoke(Ast.Invoke inv) {
    Helpers.Method m = Helpers.BY_NAME.get(inv.method());
    Object[] args = new Object[inv.args().size()];
    for (int k = 0; k < args.length; k++) {
      Helpers.Param param = m.params().get(k);
      Object a = eval(inv.args().get(k));
      if (a instanceof double[] row) {
        a = constants(row); // a row of the constant matrix mat
      }
      if (param.type() != T.DOUBLE) {
        args[k] = convert(a, param.type()); // int, long, boolean: Java's widening, never a derivative
        continue;
      }
      if (param.noDerivative()) {
        boolean active = a instanceof Taylor[] elements
            ? java.util.Arrays.stream(elements).anyMatch(Taylor::active) : asTaylor(a).active();
        if (active) {
          throw new IllegalStateException("a differentiable argument for @NoDerivative " + param.name() + " of "
              + m.name() + " (generator bug)");
        }
        a = param.array() ? a : asTaylor(a);
      } else if (!param.array()) {
        a = asTaylor(a);
      }
      args[k] = a;
    }
    List<Helpers.Method> partials = Helpers.partials(m);
    if (partials.isEmpty()) {
      return body(m, args);
    }
    // The value: the custom function's own body, on constants.
    Object[] values = new Object[args.length];
    for (int k = 0; k < args.length; k++) {
      values[k] = args[k] instanceof Taylor t ? Taylor.constant(t.f) : args[k];
    }
    double value = ((Taylor) body(m, values)).f;
    // Each partial in Taylor arithmetic in the custom function's own variables (its differentiable parameters; the
    // others are constants): its value and gradient are the first and second partial derivatives.
    List<Integer> variables = new java.util.ArrayList<>();
    for (int k = 0; k < args.length; k++) {
      if (m.params().get(k).differentiable()) {
        variables.add(k);
      }
    }
    int n = variables.size();
    Object[] own = values.clone();
    for (int v = 0; v < n; v++) {
      own[variables.get(v)] = Taylor.variable(((Taylor) args[variables.get(v)]).f, v, n, 0);
    }
    Taylor[] p = new Taylor[n];
    for (int k = 0; k < n; k++) {
      p[k] = (Taylor) finite(body(partials.get(k), own));
    }
    // The second partials come with the magnitudes of their own evaluation: a partial written with a cancellation
    // (smulDy = x (1 - tanh(y)^2) at large y) is only as accurate as its terms, in Hesse's code as here.
    Taylor first = (Taylor) args[variables.get(0)];
    if (n == 1) {
      return first.apply(value, p[0].f, p[0].g(0), Math.max(Math.abs(p[0].g(0)), p[0].mg(0)));
    }
    return Taylor.apply(first, (Taylor) args[variables.get(1)], value, p[0].f, p[1].f, p[0].g(0), p[0].g(1),
        p[1].g(1), Math.max(Math.abs(p[0].g(0)), p[0].mg(0)),
        Math.max(Math.max(Math.abs(p[0].g(1)), p[0].mg(1)), p[1].mg(0)),
        Math.max(Math.abs(p[1].g(1)), p[1].mg(1)));
  }

  /** A helper's body on bound arguments, in an environment of its own. */
  private Object body(Helpers.Method m, Object[] args) {
    Map<String, Object> saved = env;
    env = new HashMap<>();
    for (int k = 0; k < args.length; k++) {
      env.put(m.params().get(k).name(), args[k]);
    }
    try {
      if (exec(m.body()) != Flow.NORMAL) {
        throw new IllegalStateException("a helper's body returned early");
      }
      return convert(eval(m.result()), T.DOUBLE);
    } finally {
      env = saved;
    }
  }

  // ------------------------------------------------------------------------------------------------ expressions

  private T type(E e) {
    T t = types.get(e);
    if (t == null) {
      t = Ast.type(e);
      types.put(e, t);
    }
    return t;
  }

  /** Java's widening (and, for compound assignment, narrowing) primitive conversion. */
  private Object convert(Object value, T to) {
    switch (to) {
      case DOUBLE:
        return asTaylor(value);
      case LONG:
        if (value instanceof Taylor t) {
          decide((long) t.f);
          return (long) t.f;
        }
        return ((Number) value).longValue();
      case INT:
        if (value instanceof Taylor t) {
          decide((int) t.f);
          return (int) t.f;
        }
        return ((Number) value).intValue();
      default:
        return value;
    }
  }

  private static Taylor asTaylor(Object value) {
    if (value instanceof Taylor t) {
      return t;
    }
    if (value instanceof Integer i) {
      return Taylor.constant((double) i);
    }
    if (value instanceof Double d) {
      return Taylor.constant(d); // an element of a constant double matrix's row (mat)
    }
    return Taylor.constant((double) (Long) value);
  }

  private static int index(Object i) {
    return (Integer) i;
  }

  private Object eval(E e) {
    if (e instanceof DLit d) {
      return Taylor.constant(d.value());
    }
    if (e instanceof ILit i) {
      return i.value();
    }
    if (e instanceof LLit l) {
      return l.value();
    }
    if (e instanceof BLit b) {
      return b.value();
    }
    if (e instanceof Var v) {
      Object value = env.get(v.name());
      if (value == null) {
        throw new IllegalStateException("unbound " + v.name());
      }
      return value;
    }
    if (e instanceof Read r) {
      Object array = env.get(r.array());
      return java.lang.reflect.Array.get(array, index(eval(r.index())));
    }
    if (e instanceof MatRead m) {
      Object row = java.lang.reflect.Array.get(env.get(m.matrix()), index(eval(m.i())));
      int j = index(eval(m.j()));
      if (row instanceof Taylor[] t) {
        return t[j];
      }
      return row instanceof double[] d ? (Object) Taylor.constant(d[j]) : (Object) ((int[]) row)[j];
    }
    if (e instanceof Len l) {
      String name = l.array();
      // A row's length: imat[0].length.
      Object array = name.endsWith("[0]")
          ? java.lang.reflect.Array.get(env.get(name.substring(0, name.length() - 3)), 0)
          : env.get(name);
      return java.lang.reflect.Array.getLength(array);
    }
    if (e instanceof Ast.RowLen l) {
      return java.lang.reflect.Array.getLength(
          java.lang.reflect.Array.get(env.get(l.matrix()), index(eval(l.row()))));
    }
    if (e instanceof Named n) {
      return named(n.java());
    }
    if (e instanceof Un u) {
      Object x = eval(u.x());
      switch (u.op()) {
        case PLUS:
          return x;
        case NOT:
          return !(Boolean) x;
        case BIT_NOT:
          return x instanceof Integer i ? (Object) ~i : (Object) ~(Long) x;
        default:
          if (x instanceof Taylor t) {
            return t.apply(-t.f, -1, 0);
          }
          return x instanceof Integer i ? (Object) (-i) : (Object) (-(Long) x);
      }
    }
    if (e instanceof Bin b) {
      if (b.op() == Ast.BOp.AND) {
        return (Boolean) eval(b.l()) && (Boolean) eval(b.r());
      }
      if (b.op() == Ast.BOp.OR) {
        return (Boolean) eval(b.l()) || (Boolean) eval(b.r());
      }
      return decided(finite(binary(b.op(), eval(b.l()), type(b.l()), eval(b.r()), type(b.r()))));
    }
    if (e instanceof Call c) {
      return finite(call(c));
    }
    if (e instanceof Cast c) {
      return convert(eval(c.x()), c.to());
    }
    if (e instanceof Ast.Invoke inv) {
      return finite(invoke(inv));
    }
    Cond c = (Cond) e;
    boolean cond = (Boolean) eval(c.c());
    E chosen = cond ? c.a() : c.b();
    return convert(eval(chosen), type(e));
  }

  /** The value of a named constant, as Java (and the batch class's static finals) define it. */
  private static Object named(String java) {
    switch (java) {
      case "Math.PI":
      case "StrictMath.PI":
      case "java.lang.Math.PI":
      case "PI":
        return Taylor.constant(Math.PI);
      case "Math.E":
      case "E":
        return Taylor.constant(Math.E);
      case "K":
      case BatchCompiler.CLASS + ".K":
        return Taylor.constant(K);
      case "G":
        return Taylor.constant(G);
      case "Double.MAX_VALUE":
      case "MAX_VALUE":
        return Taylor.constant(Double.MAX_VALUE);
      case "Double.MIN_VALUE":
        return Taylor.constant(Double.MIN_VALUE);
      case "Double.POSITIVE_INFINITY":
        return Taylor.constant(Double.POSITIVE_INFINITY);
      case "java.lang.Double.NEGATIVE_INFINITY":
        return Taylor.constant(Double.NEGATIVE_INFINITY);
      case "Double.NaN":
        return Taylor.constant(Double.NaN);
      case "Integer.MAX_VALUE":
        return Integer.MAX_VALUE;
      case "Integer.MIN_VALUE":
        return Integer.MIN_VALUE;
      case "KN":
        return KN;
      case "KI":
        return KI;
      case "KL":
        return KL;
      case "KB":
        return KB;
      default:
        throw new IllegalArgumentException(java);
    }
  }

  /**
   * Programs are checked where they are smooth: an infinite or NaN intermediate (pow(0, -1), an overflowing exp)
   * makes the program degenerate even when the result does not depend on it, since 0 · ∞ is NaN in any
   * reverse sweep.
   */
  private Object finite(Object value) {
    if (value instanceof Taylor t) {
      boolean ok = Double.isFinite(t.f) && Double.isFinite(t.d);
      for (int i = 0; ok && t.active() && i < t.g.length; i++) {
        ok = Double.isFinite(t.g[i]) && Double.isFinite(t.h[i]);
      }
      if (!ok) {
        degenerate("non-finite intermediate");
      }
    }
    return value;
  }

  private boolean compare(Ast.BOp op, Object l, T lt, Object r, T rt) {
    return (Boolean) binary(op, l, lt, r, rt);
  }

  private Object decided(Object result) {
    if (result instanceof Boolean b) {
      decide(b ? 1 : 2);
    }
    return result;
  }

  /** A binary operation on evaluated operands of the given static types, as Java computes it. */
  private Object binary(Ast.BOp op, Object l, T lt, Object r, T rt) {
    if (lt == T.BOOLEAN) {
      boolean a = (Boolean) l;
      boolean b = (Boolean) r;
      switch (op) {
        case BIT_AND:
          return a & b;
        case BIT_OR:
          return a | b;
        case BIT_XOR:
          return a ^ b;
        case EQ:
          return a == b;
        case NE:
          return a != b;
        default:
          throw new IllegalArgumentException(op + " on booleans");
      }
    }
    if (op.shift()) {
      long distance = ((Number) r).longValue();
      if (lt == T.INT) {
        int a = (Integer) l;
        int s = (int) distance;
        return op == Ast.BOp.SHL ? a << s : op == Ast.BOp.SHR ? a >> s : a >>> s;
      }
      long a = (Long) l;
      int s = (int) distance;
      return op == Ast.BOp.SHL ? a << s : op == Ast.BOp.SHR ? a >> s : a >>> s;
    }
    T t = T.promote(lt, rt);
    if (t == T.INT) {
      int a = (Integer) l;
      int b = (Integer) r;
      switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case DIV: return a / b;
        case REM: return a % b;
        case BIT_AND: return a & b;
        case BIT_OR: return a | b;
        case BIT_XOR: return a ^ b;
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        case EQ: return a == b;
        case NE: return a != b;
        default: throw new IllegalArgumentException(op.toString());
      }
    }
    if (t == T.LONG) {
      long a = ((Number) l).longValue();
      long b = ((Number) r).longValue();
      switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case DIV: return a / b;
        case REM: return a % b;
        case BIT_AND: return a & b;
        case BIT_OR: return a | b;
        case BIT_XOR: return a ^ b;
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        case EQ: return a == b;
        case NE: return a != b;
        default: throw new IllegalArgumentException(op.toString());
      }
    }
    Taylor a = asTaylor(l);
    Taylor b = asTaylor(r);
    switch (op) {
      case ADD:
        return Taylor.apply(a, b, a.f + b.f, 1, 1, 0, 0, 0);
      case SUB:
        return Taylor.apply(a, b, a.f - b.f, 1, -1, 0, 0, 0);
      case MUL:
        return Taylor.apply(a, b, a.f * b.f, b.f, a.f, 0, 1, 0);
      case DIV:
        {
          double q = a.f / b.f;
          double inv = 1 / b.f;
          return Taylor.apply(a, b, q, inv, -a.f * inv * inv, 0, -inv * inv, 2 * a.f * inv * inv * inv);
        }
      case REM:
        {
          double value = a.f % b.f;
          // a % b = a - b·q with q the truncated quotient, an integer that is locally constant.
          double q = Math.rint((a.f - value) / b.f);
          decide(Double.doubleToLongBits(q));
          return Taylor.apply(a, b, value, 1, -q, 0, 0, 0);
        }
      case LT: return a.f < b.f;
      case LE: return a.f <= b.f;
      case GT: return a.f > b.f;
      case GE: return a.f >= b.f;
      case EQ: return a.f == b.f;
      case NE: return a.f != b.f;
      default: throw new IllegalArgumentException(op.toString());
    }
  }

  /**
   * φ(a), unless φ's derivative is not finite at a (cbrt, sqrt, log at 0; asin at ±1): Hesse's activity is static,
   * so a value that is constant here (the untaken branch of ?: was the active one) can still carry a zero tangent
   * there, and ∞ · 0 is NaN. Such points are outside the smooth domain: the program is skipped.
   */
  private Taylor singular(Call c, Taylor a, double value, double p, double pp) {
    return singular(c, a, value, p, pp, Math.abs(p), Math.abs(pp));
  }

  private Taylor singular(Call c, Taylor a, double value, double p, double pp, double mp, double mpp) {
    if (!Double.isFinite(p) || !Double.isFinite(pp)) {
      degenerate("Math." + c.fn().javaName() + " where its derivative is infinite");
    }
    return a.apply(value, p, pp, mp, mpp);
  }

  /** A piecewise-constant function's value: a constant, and a decision. */
  private Taylor piece(double value) {
    decide(Double.doubleToLongBits(value));
    return Taylor.constant(value);
  }

  private Object call(Call c) {
    List<E> args = c.args();
    Object first = eval(args.get(0));
    Object second = args.size() > 1 ? eval(args.get(1)) : null;
    T resultType = type(c);
    boolean strict = c.strict();
    switch (c.fn()) {
      case ABS:
        if (resultType == T.INT) {
          return strict ? StrictMath.abs((Integer) first) : Math.abs((Integer) first);
        }
        if (resultType == T.LONG) {
          return Math.abs(((Number) first).longValue());
        }
        break;
      case MIN:
      case MAX:
        if (resultType == T.INT) {
          int a = (Integer) first;
          int b = (Integer) second;
          return c.fn() == Ast.Fn.MIN ? Math.min(a, b) : Math.max(a, b);
        }
        if (resultType == T.LONG) {
          long a = ((Number) first).longValue();
          long b = ((Number) second).longValue();
          return c.fn() == Ast.Fn.MIN ? Math.min(a, b) : Math.max(a, b);
        }
        break;
      default:
        break;
    }
    Taylor a = asTaylor(first);
    Taylor b = second == null ? null : asTaylor(second);
    double x = a.f;
    switch (c.fn()) {
      case SIN:
        {
          double s = strict ? StrictMath.sin(x) : Math.sin(x);
          return singular(c, a, s, Math.cos(x), -Math.sin(x));
        }
      case COS:
        {
          double value = strict ? StrictMath.cos(x) : Math.cos(x);
          return singular(c, a, value, -Math.sin(x), -Math.cos(x));
        }
      case TAN:
        {
          double value = strict ? StrictMath.tan(x) : Math.tan(x);
          double sec2 = 1 / (Math.cos(x) * Math.cos(x));
          return singular(c, a, value, sec2, 2 * sec2 * Math.tan(x));
        }
      case ASIN:
        {
          double value = strict ? StrictMath.asin(x) : Math.asin(x);
          double r = 1 - x * x;
          return singular(c, a, value, 1 / Math.sqrt(r), x / (r * Math.sqrt(r)));
        }
      case ACOS:
        {
          double value = strict ? StrictMath.acos(x) : Math.acos(x);
          double r = 1 - x * x;
          return singular(c, a, value, -1 / Math.sqrt(r), -x / (r * Math.sqrt(r)));
        }
      case ATAN:
        {
          double value = strict ? StrictMath.atan(x) : Math.atan(x);
          double r = 1 + x * x;
          return singular(c, a, value, 1 / r, -2 * x / (r * r));
        }
      case SINH:
        {
          double value = strict ? StrictMath.sinh(x) : Math.sinh(x);
          return singular(c, a, value, Math.cosh(x), Math.sinh(x));
        }
      case COSH:
        {
          double value = strict ? StrictMath.cosh(x) : Math.cosh(x);
          return singular(c, a, value, Math.sinh(x), Math.cosh(x));
        }
      case TANH:
        {
          double value = strict ? StrictMath.tanh(x) : Math.tanh(x);
          double sech2 = 1 / (Math.cosh(x) * Math.cosh(x));
          double t = Math.tanh(x);
          // Magnitudes of 1 − tanh² and of its derivative written that way, for the tolerance (see Taylor).
          return singular(c, a, value, sech2, -2 * t * sech2, 1 + t * t, 2 * Math.abs(t) * (1 + t * t));
        }
      case EXP:
        {
          double value = strict ? StrictMath.exp(x) : Math.exp(x);
          return singular(c, a, value, Math.exp(x), Math.exp(x));
        }
      case EXPM1:
        {
          double value = strict ? StrictMath.expm1(x) : Math.expm1(x);
          return singular(c, a, value, Math.exp(x), Math.exp(x));
        }
      case LOG:
        {
          double value = strict ? StrictMath.log(x) : Math.log(x);
          return singular(c, a, value, 1 / x, -1 / (x * x));
        }
      case LOG1P:
        {
          double value = strict ? StrictMath.log1p(x) : Math.log1p(x);
          double r = 1 + x;
          return singular(c, a, value, 1 / r, -1 / (r * r));
        }
      case LOG10:
        {
          double value = strict ? StrictMath.log10(x) : Math.log10(x);
          return singular(c, a, value, 1 / (x * LN10), -1 / (x * x * LN10));
        }
      case SQRT:
        {
          double value = strict ? StrictMath.sqrt(x) : Math.sqrt(x);
          return singular(c, a, value, 0.5 / Math.sqrt(x), -0.25 / (x * Math.sqrt(x)));
        }
      case CBRT:
        {
          double value = strict ? StrictMath.cbrt(x) : Math.cbrt(x);
          double r = Math.cbrt(x);
          return singular(c, a, value, 1 / (3 * r * r), -2 / (9 * r * r * r * r * r));
        }
      case ABS:
        {
          double value = strict ? StrictMath.abs(x) : Math.abs(x);
          if (x == 0 && a.active()) {
            degenerate("abs at 0");
          }
          decide(x < 0 ? 3 : 4);
          return singular(c, a, value, x < 0 ? -1 : 1, 0);
        }
      case FLOOR:
        return piece(strict ? StrictMath.floor(x) : Math.floor(x));
      case CEIL:
        return piece(strict ? StrictMath.ceil(x) : Math.ceil(x));
      case RINT:
        return piece(strict ? StrictMath.rint(x) : Math.rint(x));
      case SIGNUM:
        return piece(strict ? StrictMath.signum(x) : Math.signum(x));
      case ROUND:
        {
          long r = strict ? StrictMath.round(x) : Math.round(x);
          decide(r);
          return r;
        }
      case MIN:
      case MAX:
        {
          double y = b.f;
          double value =
              c.fn() == Ast.Fn.MIN
                  ? (strict ? StrictMath.min(x, y) : Math.min(x, y))
                  : (strict ? StrictMath.max(x, y) : Math.max(x, y));
          if (x == y && (a.active() || b.active())) {
            degenerate(c.fn() + " tie");
          }
          boolean firstWins = c.fn() == Ast.Fn.MIN ? x < y : x > y;
          decide(firstWins ? 5 : 6);
          return Taylor.apply(a, b, value, firstWins ? 1 : 0, firstWins ? 0 : 1, 0, 0, 0);
        }
      case ATAN2:
        {
          double y = x; // atan2(y, x): the first argument is y
          double xx = b.f;
          double value = strict ? StrictMath.atan2(y, xx) : Math.atan2(y, xx);
          double r2 = xx * xx + y * y;
          if (r2 == 0 && (a.active() || b.active())) {
            degenerate("atan2 at the origin");
          }
          double r4 = r2 * r2;
          return Taylor.apply(a, b, value, xx / r2, -y / r2, -2 * xx * y / r4, (y * y - xx * xx) / r4,
              2 * xx * y / r4);
        }
      case HYPOT:
        {
          double y = b.f;
          double value = strict ? StrictMath.hypot(x, y) : Math.hypot(x, y);
          double r = Math.hypot(x, y);
          if (r == 0 && (a.active() || b.active())) {
            degenerate("hypot at the origin");
          }
          if (r < 1e-2) {
            // Close to the origin, where hypot is |.|-like: finite differences stepping 1e-3 across it see a kink
            // (both of their step sizes, symmetrically), so a change of quadrant counts as one.
            decide(x < 0 ? (y < 0 ? 7 : 8) : (y < 0 ? 9 : 10));
          }
          double r3 = r * r * r;
          // Written as ∂(x/h)/∂x = 1/h − x²/h³, the terms are 1/h large: magnitudes for the tolerance.
          return Taylor.apply(a, b, value, x / r, y / r, y * y / r3, -x * y / r3, x * x / r3,
              1 / r + x * x / r3, Math.abs(x * y) / r3, 1 / r + y * y / r3);
        }
      case POW:
        {
          double y = b.f;
          double value = strict ? StrictMath.pow(x, y) : Math.pow(x, y);
          double lnx = Math.log(x);
          double pa = y * Math.pow(x, y - 1);
          double paa = y * (y - 1) * Math.pow(x, y - 2);
          double pb = value * lnx;
          double pbb = value * lnx * lnx;
          double pab = Math.pow(x, y - 1) * (1 + y * lnx);
          if (!Double.isFinite(pa) || !Double.isFinite(paa)
              || b.active() && !(Double.isFinite(pb) && Double.isFinite(pab) && Double.isFinite(pbb))) {
            degenerate("Math.pow where its derivative is infinite");
          }
          return Taylor.apply(a, b, value, pa, pb, paa, pab, pbb);
        }
      default:
        throw new IllegalArgumentException(c.fn().toString());
    }
  }
}
