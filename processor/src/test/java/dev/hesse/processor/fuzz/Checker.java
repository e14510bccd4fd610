package dev.hesse.processor.fuzz;

import dev.hesse.processor.fuzz.Ast.Inputs;
import dev.hesse.processor.fuzz.Ast.P;
import dev.hesse.processor.fuzz.Ast.Program;
import dev.hesse.processor.fuzz.Ast.Receiver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Checks one compiled program against the oracle.
 *
 * <h2>What is compared, and how closely</h2>
 *
 * <ul>
 *   <li><b>Values, bit for bit.</b> The original method (called reflectively), the values returned by
 *       {@code mGradient} and {@code mHvp}, and the oracle's value must all be the same double: Hesse's forward sweep
 *       is the method as written, and the oracle evaluates in Java's order with Java's operations.
 *   <li><b>Derivatives to about 1e-9 of their magnitude.</b> Gradient, H·v and ∇f·v are exact derivatives in both
 *       Hesse and the oracle; they differ only in rounding, because the two sum the same products in different
 *       orders with differently written partials (1 + tan² against 1/cos², say). That difference is bounded by about
 *       k · eps · m, where m is the oracle's {@link Taylor magnitude} of the component (the sum of the absolute values
 *       of every product that contributes to it) and k the number of operations along the way (at most a few
 *       thousand here). {@link #TOL} = 1e-9 is four orders of magnitude above k · eps, and a real bug (a missing or
 *       doubled term, a stale value, a wrong branch's adjoint) is wrong by O(|component|), many orders above it. An
 *       exact zero in the oracle with zero magnitude (an input the result does not depend on) must be an exact zero,
 *       up to the underflow floor: differences under 1e6 · Double.MIN_NORMAL (2e-302), where subnormal arithmetic
 *       rounds absolutely, pass.
 *   <li><b>The operator and the objective, bit for bit against the direct methods.</b> {@code fHessianAt}'s products
 *       for two directions must be {@code fHvp}'s (as the README documents), also after the caller has overwritten
 *       the differentiable arrays it passed (the operator copies them); where the only differentiable parameter is one
 *       {@code double[]}, the {@code Objective} factory's value, gradient, hvp and hessianAt must be the original
 *       method's and {@code fGradient}'s and {@code fHvp}'s.
 *   <li><b>Finite differences, as a coarser second check of the oracle itself:</b> the Richardson-extrapolated central
 *       difference of the compiled method along v must match the directional derivative, and that of the oracle's
 *       gradient along v must match H·v, to 1e-6 (1 + |d| + m). Where the two step sizes of the difference disagree
 *       the function is not smooth near the point (a branch or trip count flips within 1e-3) and the finite
 *       difference check is skipped for that program, never failed; so it is where the oracle's bound on the
 *       rounding error of f ({@link Taylor#e}) exceeds 1e-10 (1 + |f|), since the differences would then measure
 *       rounding noise (a cancellation such as log(cosh(x)) at tiny x, fed to cbrt).
 * </ul>
 *
 * <p>Programs whose value or derivatives are not finite or exceed 1e10, or where the oracle met an exact tie of a kink
 * (abs at 0, min/max of equal values, hypot or atan2 at the origin), are skipped and counted.
 */
final class Checker {
  static final double TOL = 1e-9;
  static final double FD_TOL = 1e-6;
  static final double HUGE = 1e12;
  static final double UNDERFLOW = 1e6 * Double.MIN_NORMAL;

  private Checker() {}

  /** What happened to one program. */
  record Outcome(String label, boolean checked) {
    static Outcome skipped(String why) {
      return new Outcome("skipped: " + why, false);
    }
  }

  static Class<?> javaType(P p) {
    switch (p) {
      case X0, X1, X2, C:
        return double.class;
      case A, B, W:
        return double[].class;
      case N:
        return int.class;
      case IDX:
        return int[].class;
      case M:
        return long.class;
      case FLAG:
        return boolean.class;
      case MAT:
        return double[][].class;
      case LS:
        return long[].class;
      case IMAT:
        return int[][].class;
      case MM:
        return double[][].class;
      default:
        return boolean[].class;
    }
  }

  /**
   * A method of {@code owner} with the program's parameters, preceded by {@code receiver} when not null: the generated
   * methods of an instance method are static and take the instance as their first argument.
   */
  private static Method method(Class<?> owner, String name, Class<?> receiver, List<P> params, Class<?>... extra) {
    List<Class<?>> types = new ArrayList<>();
    if (receiver != null) {
      types.add(receiver);
    }
    params.forEach(p -> types.add(javaType(p)));
    types.addAll(Arrays.asList(extra));
    try {
      Method m = owner.getDeclaredMethod(name, types.toArray(new Class<?>[0]));
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException e) {
      throw new AssertionError("generated method " + owner.getSimpleName() + "." + name + types + " not found", e);
    }
  }

  private static Object[] arguments(Inputs in, List<P> params, Object... extra) {
    List<Object> args = new ArrayList<>();
    params.forEach(p -> args.add(in.argument(p)));
    args.addAll(Arrays.asList(extra));
    return args.toArray();
  }

  /** The same with the receiver first: the arguments of a generated method of an instance method. */
  private static Object[] withReceiver(Object self, Object[] args) {
    if (self == null) {
      return args;
    }
    Object[] out = new Object[args.length + 1];
    out[0] = self;
    System.arraycopy(args, 0, out, 1, args.length);
    return out;
  }

  /** A fresh instance of the batch class holding the program's field values, or null for a static program. */
  static Object receiver(Class<?> owner, Program program) {
    if (!program.receiver()) {
      return null;
    }
    try {
      java.lang.reflect.Constructor<?> constructor = owner.getDeclaredConstructor(Receiver.TYPES);
      constructor.setAccessible(true);
      return constructor.newInstance(program.inputs().self().arguments());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot construct the receiver", e);
    }
  }

  /** Whether the receiver's fields still hold the program's values (the generated code reads them only). */
  private static boolean intact(Object self, Receiver values) {
    Object[] expected = values.arguments();
    try {
      for (int k = 0; k < Receiver.NAMES.size(); k++) {
        java.lang.reflect.Field f = self.getClass().getDeclaredField(Receiver.NAMES.get(k));
        f.setAccessible(true);
        if (!Objects.deepEquals(f.get(self), expected[k])) {
          return false;
        }
      }
      return true;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** A failure of the generated code, with everything needed to reproduce it. */
  static final class Mismatch extends AssertionError {
    Mismatch(String what, Program program, String generated, Throwable cause) {
      super(what + "\nprogram:" + program + (generated == null ? "" : "\ngenerated:\n" + generated), cause);
    }
  }

  /**
   * Calls the original method ({@code instance} its receiver) or a generated one ({@code self} its first argument),
   * and checks that it wrote into none of the caller's arrays.
   */
  private static double call(Method m, Object instance, Object self, Object[] args, Inputs in, List<P> params,
      String what, Program program, String generated) {
    try {
      double result = (Double) m.invoke(instance, withReceiver(self, args));
      Object[] fresh = arguments(in, params);
      for (int k = 0; k < fresh.length; k++) {
        if (!Objects.deepEquals(fresh[k], args[k])) {
          throw new Mismatch(what + " modified its argument " + params.get(k).javaName(), program, generated, null);
        }
      }
      Object receiver = instance != null ? instance : self;
      if (receiver != null && !intact(receiver, in.self())) {
        throw new Mismatch(what + " modified a field of its receiver", program, generated, null);
      }
      return result;
    } catch (InvocationTargetException e) {
      throw new Mismatch(what + " threw " + e.getCause(), program, generated, e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Below {@link #NEGLIGIBLE} the two sides may differ entirely: products of tiny factors underflow to 0 in one
   * evaluation order and not in another (the fuzzer found Hv[7] = 0 against the oracle's -4e-272, of magnitude
   * 4e-272).
   */
  static final double NEGLIGIBLE = 1e-200;

  static boolean close(double actual, double expected, double magnitude, double tol) {
    if (Math.abs(expected) + magnitude < NEGLIGIBLE && Math.abs(actual) < NEGLIGIBLE) {
      return true;
    }
    return actual == expected || Math.abs(actual - expected) <= tol * (Math.abs(expected) + magnitude) + UNDERFLOW;
  }

  private static boolean tame(double x) {
    return Double.isFinite(x) && Math.abs(x) <= HUGE;
  }

  static Outcome check(BatchCompiler.Loaded loaded, int k, Program program) {
    List<P> params = program.params();
    Inputs in = program.inputs();
    String name = "f" + k;
    String generated = excerpt(loaded.generated(), name);
    Oracle.Result oracle;
    try {
      oracle = Oracle.run(program);
    } catch (RuntimeException e) {
      throw new AssertionError("the oracle failed (a bug in the fuzzer):" + program, e);
    }
    Object self = receiver(loaded.original(), program);
    Class<?> selfType = self == null ? null : loaded.original();
    Method original = method(loaded.original(), name, null, params);
    if (java.lang.reflect.Modifier.isStatic(original.getModifiers()) != (self == null)) {
      throw new AssertionError("an instance program compiled to a static method, or the reverse:" + program);
    }
    double value = call(original, self, null, arguments(in, params), in, params, "the original method", program,
        null);
    if (oracle.degenerate() != null) {
      return Outcome.skipped(oracle.degenerate());
    }
    Taylor t = oracle.value();
    int n = oracle.dimension();
    if (!tame(value)) {
      return Outcome.skipped("value not finite or > 1e12");
    }
    boolean tameDerivatives = tame(t.d) && Double.isFinite(t.md);
    for (int i = 0; i < n; i++) {
      tameDerivatives &= tame(t.g(i)) && tame(t.h(i)) && Double.isFinite(t.mg(i)) && Double.isFinite(t.mh(i));
    }
    if (!tameDerivatives) {
      return Outcome.skipped("derivatives not finite or > 1e12");
    }
    if (Double.doubleToLongBits(t.f) != Double.doubleToLongBits(value)) {
      throw new AssertionError("the oracle's value " + t.f + " differs from the compiled method's " + value
          + " (a bug in the fuzzer's interpreter):" + program);
    }
    double[] v = in.direction(params);

    double[] gradient = new double[n];
    Method gradientMethod = method(loaded.derivatives(), name + "Gradient", selfType, params, double[].class);
    double gv = call(gradientMethod, null, self, arguments(in, params, gradient), in, params, name + "Gradient",
        program, generated);
    if (Double.doubleToLongBits(gv) != Double.doubleToLongBits(value)) {
      throw new Mismatch(name + "Gradient returned " + gv + " but the method returns " + value, program, generated,
          null);
    }
    for (int i = 0; i < n; i++) {
      if (!close(gradient[i], t.g(i), t.mg(i), TOL)) {
        throw new Mismatch("gradient[" + i + "] = " + gradient[i] + " but the oracle says " + t.g(i)
            + " (magnitude " + t.mg(i) + ")\n  gradient: " + Arrays.toString(gradient) + "\n  oracle:   "
            + Arrays.toString(oracleGradient(t, n)), program, generated, null);
      }
    }

    double[] hv = new double[n];
    Method hvpMethod = method(loaded.derivatives(), name + "Hvp", selfType, params, double[].class, double[].class);
    double hvValue = call(hvpMethod, null, self, arguments(in, params, v.clone(), hv), in, params, name + "Hvp",
        program, generated);
    if (Double.doubleToLongBits(hvValue) != Double.doubleToLongBits(value)) {
      throw new Mismatch(name + "Hvp returned " + hvValue + " but the method returns " + value, program, generated,
          null);
    }
    for (int i = 0; i < n; i++) {
      if (!close(hv[i], t.h(i), t.mh(i), TOL)) {
        double[] expected = new double[n];
        for (int j = 0; j < n; j++) {
          expected[j] = t.h(j);
        }
        throw new Mismatch("Hv[" + i + "] = " + hv[i] + " but the oracle says " + t.h(i) + " (magnitude "
            + t.mh(i) + ")\n  Hv:     " + Arrays.toString(hv) + "\n  oracle: " + Arrays.toString(expected), program,
            generated, null);
      }
    }

    Method directionalMethod = method(loaded.derivatives(), name + "Directional", selfType, params,
        double[].class);
    double directional = call(directionalMethod, null, self, arguments(in, params, v.clone()), in, params,
        name + "Directional", program, generated);
    if (!close(directional, t.d, t.md, TOL)) {
      throw new Mismatch(name + "Directional = " + directional + " but the oracle says " + t.d + " (magnitude "
          + t.md + ")", program, generated, null);
    }

    hessianAt(loaded, name, self, selfType, program, params, hv, hvpMethod, generated);
    objective(loaded, name, self, selfType, program, params, value, gradient, hv, generated);

    boolean hasBlocks =
        Arrays.stream(loaded.derivatives().getDeclaredMethods()).anyMatch(m -> m.getName().equals(name + "Pullback"));
    if (hasBlocks != program.composable()) {
      // Nothing calls the fuzzed method, so only composable = true asks for its building blocks.
      throw new Mismatch(name + (hasBlocks ? " has" : " lacks") + " building blocks, composable = "
          + program.composable(), program, generated, null);
    }
    if (hasBlocks) {
      buildingBlocks(loaded, name, program, params, t, n, value, generated);
    }

    String fd = finiteDifferences(original, self, program, params, t, n);
    return fd == null
        ? new Outcome("checked", true)
        : new Outcome("checked (finite differences skipped: " + fd + ")", true);
  }

  /**
   * A second direction at the same point, for {@code hessianAt}'s second product: the first {@code n} of v's 17
   * entries taken from the end.
   */
  static double[] secondDirection(Inputs in, int n) {
    double[] all = in.v();
    double[] v2 = new double[n];
    for (int i = 0; i < n; i++) {
      v2[i] = all[all.length - 1 - i];
    }
    return v2;
  }

  /**
   * {@code fHessianAt} (README, "The generated API"): its products are bit-identical to {@code fHvp}'s, for two
   * directions at the same point, and it copies the differentiable arrays, so that writing into them after the call
   * changes nothing (constant arrays are documented as not copied, and are left alone). Bit for bit is what the
   * README documents for every method: the linearised operator replays {@code fHvp}'s tangent sweep, and methods
   * with calls or local arrays run {@code fHvp} itself.
   */
  private static void hessianAt(BatchCompiler.Loaded loaded, String name, Object self, Class<?> selfType,
      Program program, List<P> params, double[] hv, Method hvpMethod, String generated) {
    Inputs in = program.inputs();
    int n = hv.length;
    double[] v = in.direction(params);
    Method factory = method(loaded.derivatives(), name + "HessianAt", selfType, params);
    Object[] args = arguments(in, params);
    dev.hesse.HessianOperator operator;
    try {
      operator = (dev.hesse.HessianOperator) factory.invoke(null, withReceiver(self, args));
    } catch (InvocationTargetException e) {
      throw new Mismatch(name + "HessianAt threw " + e.getCause(), program, generated, e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    // The caller may reuse its arrays: the operator holds copies of the differentiable ones.
    for (int k = 0; k < params.size(); k++) {
      if (params.get(k).differentiable && args[k] instanceof double[] d) {
        Arrays.fill(d, 7.5);
      } else if (params.get(k).differentiable && args[k] instanceof double[][] m) {
        for (double[] row : m) {
          Arrays.fill(row, -7.5);
        }
      }
    }
    double[] v2 = secondDirection(in, n);
    double[] hv2 = new double[n];
    call(hvpMethod, null, self, arguments(in, params, v2.clone(), hv2), in, params, name + "Hvp", program,
        generated);
    for (double[][] pair : List.of(new double[][] {v, hv}, new double[][] {v2, hv2})) {
      double[] direction = pair[0].clone();
      double[] out = new double[n];
      try {
        operator.apply(direction, out);
      } catch (RuntimeException e) {
        throw new Mismatch(name + "HessianAt(...).apply threw " + e, program, generated, e);
      }
      if (!Arrays.equals(direction, pair[0])) {
        throw new Mismatch(name + "HessianAt(...).apply modified v", program, generated, null);
      }
      if (!bitwiseEqual(out, pair[1])) {
        throw new Mismatch(name + "HessianAt(...).apply(v) differs from " + name + "Hvp after the differentiable "
            + "arguments were overwritten\n  v:       " + Arrays.toString(pair[0]) + "\n  apply:   "
            + Arrays.toString(out) + "\n  " + name + "Hvp: " + Arrays.toString(pair[1]), program, generated, null);
      }
    }
  }

  private static boolean bitwiseEqual(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The {@code Objective} factory, generated when the only differentiable parameter is one {@code double[]} (a or b):
   * {@code f([self,] constants)} binds the other parameters, and its value, gradient, hvp and hessianAt must give the
   * direct methods' results bit for bit (they call the same generated code).
   */
  private static void objective(BatchCompiler.Loaded loaded, String name, Object self, Class<?> selfType,
      Program program, List<P> params, double value, double[] gradient, double[] hv, String generated) {
    List<P> differentiable = params.stream().filter(p -> p.differentiable).toList();
    if (differentiable.size() != 1 || !(differentiable.get(0) == P.A || differentiable.get(0) == P.B)) {
      return;
    }
    P x = differentiable.get(0);
    Inputs in = program.inputs();
    List<Class<?>> types = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (selfType != null) {
      types.add(selfType);
      args.add(self);
    }
    for (P p : params) {
      if (p != x) {
        types.add(javaType(p));
        args.add(in.argument(p));
      }
    }
    dev.hesse.Objective objective;
    try {
      Method factory = loaded.derivatives().getDeclaredMethod(name, types.toArray(new Class<?>[0]));
      factory.setAccessible(true);
      objective = (dev.hesse.Objective) factory.invoke(null, args.toArray());
    } catch (NoSuchMethodException e) {
      throw new Mismatch("no Objective factory " + name + types + " for a method whose only differentiable "
          + "parameter is " + x.javaName(), program, generated, e);
    } catch (InvocationTargetException e) {
      throw new Mismatch("the Objective factory " + name + " threw " + e.getCause(), program, generated, e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    double[] point = (double[]) in.argument(x);
    int n = point.length;
    double[] v = in.direction(params);
    try {
      double f = objective.value(point.clone());
      double[] g = new double[n];
      double fg = objective.gradient(point.clone(), g);
      double[] h = new double[n];
      objective.hvp(point.clone(), v.clone(), h);
      double[] at = point.clone();
      dev.hesse.HessianOperator operator = objective.hessianAt(at);
      Arrays.fill(at, 7.5);
      double[] ha = new double[n];
      operator.apply(v.clone(), ha);
      if (Double.doubleToLongBits(f) != Double.doubleToLongBits(value)
          || Double.doubleToLongBits(fg) != Double.doubleToLongBits(value)) {
        throw new Mismatch("Objective " + name + ": value " + f + ", gradient returned " + fg + ", but the method "
            + "returns " + value, program, generated, null);
      }
      if (!bitwiseEqual(g, gradient) || !bitwiseEqual(h, hv) || !bitwiseEqual(ha, hv)) {
        throw new Mismatch("Objective " + name + " differs from the direct methods:\n  gradient:   "
            + Arrays.toString(g) + " vs " + Arrays.toString(gradient) + "\n  hvp:        " + Arrays.toString(h)
            + " vs " + Arrays.toString(hv) + "\n  hessianAt:  " + Arrays.toString(ha), program, generated, null);
      }
    } catch (RuntimeException e) {
      throw new Mismatch("Objective " + name + " threw " + e, program, generated, e);
    }
  }

  /** Where one differentiable parameter's slots go in a building block's adjoint or tangent array. */
  private record Slice(P p, int slot, int length, int at, double[] before, double[] beforeDot) {}

  /**
   * The building blocks of a static method ({@code fPullback}, {@code fTangent}, {@code fPullbackTangent}, which
   * callers chain through): each differentiable parameter gets its own adjoint (and adjoint-tangent) array holding
   * random values, its part at a random offset; the pullback must add seed · ∇f there and leave the rest alone, the
   * tangent must be ∇f · v, and the pullback's tangent must add seedDot · ∇f + seed · H·v.
   */
  private static void buildingBlocks(BatchCompiler.Loaded loaded, String name, Program program, List<P> params,
      Taylor t, int n, double value, String generated) {
    Inputs in = program.inputs();
    java.util.Random random = new java.util.Random(program.toString().hashCode());
    double seed = Math.rint((random.nextDouble() * 4 - 2) * 64) / 64;
    double seedDot = Math.rint((random.nextDouble() * 4 - 2) * 64) / 64;
    double[] v = in.direction(params);
    List<Slice> slices = new ArrayList<>();
    int slot = 0;
    for (P p : params) {
      if (!p.differentiable) {
        continue;
      }
      int length = p == P.A ? in.a().length : p == P.B ? in.b().length : 1;
      int at = random.nextInt(3);
      double[] before = new double[at + length + random.nextInt(2)];
      double[] beforeDot = new double[before.length];
      for (int i = 0; i < before.length; i++) {
        before[i] = random.nextDouble() * 2 - 1;
        beforeDot[i] = random.nextDouble() * 2 - 1;
      }
      slices.add(new Slice(p, slot, length, at, before, beforeDot));
      slot += length;
    }
    // Pullback: (params, seed, [pAdjoint, pAt]...).
    List<Class<?>> types = new ArrayList<>(List.of(double.class));
    List<Object> extra = new ArrayList<>(List.of(seed));
    List<double[]> adjoints = new ArrayList<>();
    for (Slice s : slices) {
      double[] adjoint = s.before.clone();
      adjoints.add(adjoint);
      types.addAll(List.of(double[].class, int.class));
      extra.addAll(List.of(adjoint, s.at));
    }
    Method pullback = method(loaded.derivatives(), name + "Pullback", null, params, types.toArray(new Class<?>[0]));
    double returned = call(pullback, null, null, arguments(in, params, extra.toArray()), in, params,
        name + "Pullback", program, generated);
    if (Double.doubleToLongBits(returned) != Double.doubleToLongBits(value)) {
      throw new Mismatch(name + "Pullback returned " + returned + " but the method returns " + value, program,
          generated, null);
    }
    for (int k = 0; k < slices.size(); k++) {
      Slice s = slices.get(k);
      double[] adjoint = adjoints.get(k);
      for (int i = 0; i < adjoint.length; i++) {
        int g = i - s.at;
        boolean mine = g >= 0 && g < s.length;
        double expected = s.before[i] + (mine ? seed * t.g(s.slot + g) : 0);
        double magnitude = Math.abs(s.before[i]) + (mine ? Math.abs(seed) * t.mg(s.slot + g) : 0);
        if (!close(adjoint[i], expected, magnitude, TOL) || !mine && adjoint[i] != s.before[i]) {
          throw new Mismatch(name + "Pullback(seed " + seed + ") left " + adjoint[i] + " in " + s.p.javaName()
              + "'s adjoint[" + i + "] (its part at " + s.at + "), expected " + expected, program, generated, null);
        }
      }
    }
    // Tangent: (params, [double pDot | double[] pDot, int pDotAt]...).
    types = new ArrayList<>();
    extra = new ArrayList<>();
    for (Slice s : slices) {
      if (s.p == P.A || s.p == P.B) {
        double[] dot = new double[s.at + s.length + 1];
        System.arraycopy(v, s.slot, dot, s.at, s.length);
        types.addAll(List.of(double[].class, int.class));
        extra.addAll(List.of(dot, s.at));
      } else {
        types.add(double.class);
        extra.add(v[s.slot]);
      }
    }
    List<Class<?>> tangentTypes = new ArrayList<>(types);
    List<Object> tangents = new ArrayList<>(extra);
    Method tangent = method(loaded.derivatives(), name + "Tangent", null, params, types.toArray(new Class<?>[0]));
    double directional = call(tangent, null, null, arguments(in, params, extra.toArray()), in, params,
        name + "Tangent", program, generated);
    if (!close(directional, t.d, t.md, TOL)) {
      throw new Mismatch(name + "Tangent = " + directional + " but the oracle's directional derivative is " + t.d
          + " (magnitude " + t.md + ")", program, generated, null);
    }
    // Pullback's tangent: (params, tangents, seed, seedDot, [double: adj, adjDot, at | array: adjDot, at]...).
    types = new ArrayList<>(tangentTypes);
    extra = new ArrayList<>(tangents);
    types.addAll(List.of(double.class, double.class));
    extra.addAll(List.of(seed, seedDot));
    List<double[]> scalarAdjoints = new ArrayList<>();
    List<double[]> adjointDots = new ArrayList<>();
    for (Slice s : slices) {
      double[] dot = s.beforeDot.clone();
      adjointDots.add(dot);
      if (s.p == P.A || s.p == P.B) {
        scalarAdjoints.add(null);
        types.addAll(List.of(double[].class, int.class));
        extra.addAll(List.of(dot, s.at));
      } else {
        double[] adjoint = s.before.clone();
        scalarAdjoints.add(adjoint);
        types.addAll(List.of(double[].class, double[].class, int.class));
        extra.addAll(List.of(adjoint, dot, s.at));
      }
    }
    Method pullbackTangent = method(loaded.derivatives(), name + "PullbackTangent", null, params,
        types.toArray(new Class<?>[0]));
    call(pullbackTangent, null, null, arguments(in, params, extra.toArray()), in, params, name + "PullbackTangent",
        program, generated);
    for (int k = 0; k < slices.size(); k++) {
      Slice s = slices.get(k);
      double[] dot = adjointDots.get(k);
      double[] adjoint = scalarAdjoints.get(k);
      for (int i = 0; i < dot.length; i++) {
        int g = i - s.at;
        boolean mine = g >= 0 && g < s.length;
        double expected = s.beforeDot[i] + (mine ? seedDot * t.g(s.slot + g) + seed * t.h(s.slot + g) : 0);
        double magnitude = Math.abs(s.beforeDot[i])
            + (mine ? Math.abs(seedDot) * t.mg(s.slot + g) + Math.abs(seed) * t.mh(s.slot + g) : 0);
        if (!close(dot[i], expected, magnitude, TOL) || !mine && dot[i] != s.beforeDot[i]) {
          throw new Mismatch(name + "PullbackTangent(seed " + seed + ", seedDot " + seedDot + ") left " + dot[i]
              + " in " + s.p.javaName() + "'s adjoint tangent[" + i + "] (its part at " + s.at + "), expected "
              + expected, program, generated, null);
        }
        if (adjoint != null) {
          double e = s.before[i] + (mine ? seed * t.g(s.slot + g) : 0);
          double m = Math.abs(s.before[i]) + (mine ? Math.abs(seed) * t.mg(s.slot + g) : 0);
          if (!close(adjoint[i], e, m, TOL) || !mine && adjoint[i] != s.before[i]) {
            throw new Mismatch(name + "PullbackTangent(seed " + seed + ") left " + adjoint[i] + " in "
                + s.p.javaName() + "'s adjoint[" + i + "], expected " + e, program, generated, null);
          }
        }
      }
    }
  }

  private static double[] oracleGradient(Taylor t, int n) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = t.g(i);
    }
    return g;
  }

  // ------------------------------------------------------------------------------------------------ finite differences

  private static final double H = 1e-3;
  private static final double H_PLAIN = 6e-6;
  private static final double KINK = 1e-6;
  private static final double ILL_CONDITIONED = 1e-10;

  /** Null, or why the function is not smooth enough near the point for finite differences to mean anything. */
  private static String finiteDifferences(Method original, Object self, Program program, List<P> params, Taylor t,
      int n) {
    // Differences of width h carry a noise of about e / h; past this bound it is not far below their tolerance.
    if (t.e > ILL_CONDITIONED * (1 + Math.abs(t.f))) {
      return "f ill-conditioned (rounding error bound over 1e-10 (1 + |f|))";
    }
    Inputs in = program.inputs();
    java.util.function.DoubleUnaryOperator f = s -> {
      Inputs shifted = shift(in, params, s);
      try {
        return (Double) original.invoke(self, arguments(shifted, params));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    };
    // The same smooth piece at every point the differences use: no branch, trip count or kink in between.
    double[] steps = {-H, -H / 2, H / 2, H, -H_PLAIN, H_PLAIN};
    double[][] g = new double[steps.length][];
    long centre = Oracle.run(program).trace();
    for (int s = 0; s < steps.length; s++) {
      Oracle.Result r = Oracle.run(program.at(shift(in, params, steps[s])));
      if (r.degenerate() != null) {
        return "degenerate within 1e-3";
      }
      if (r.trace() != centre) {
        return "a branch, trip count or kink within 1e-3";
      }
      g[s] = oracleGradient(r.value(), n);
    }
    double richardson = richardson(f);
    double plain = central(f, H_PLAIN);
    double fScale = Math.abs(t.f);
    if (!(Math.abs(richardson - plain) <= KINK * (1 + Math.abs(richardson)) + rounding(fScale, H_PLAIN))) {
      return "f not smooth within 1e-3";
    }
    if (!(Math.abs(richardson - t.d) <= FD_TOL * (1 + Math.abs(t.d) + t.md) + rounding(fScale, H))) {
      throw new AssertionError("finite differences of the compiled method along v give " + richardson
          + " but the oracle's directional derivative is " + t.d + " (a bug in the oracle's first derivatives):"
          + program);
    }
    // H·v against the finite differences of the oracle's gradient along v.
    for (int i = 0; i < n; i++) {
      double dh = (g[3][i] - g[0][i]) / (2 * H);
      double dh2 = (g[2][i] - g[1][i]) / H;
      double rich = (4 * dh2 - dh) / 3;
      double pl = (g[5][i] - g[4][i]) / (2 * H_PLAIN);
      double gScale = Math.abs(t.g(i)) + t.mg(i);
      if (!(Math.abs(rich - pl) <= KINK * (1 + Math.abs(rich)) + rounding(gScale, H_PLAIN))) {
        return "gradient not smooth within 1e-3";
      }
      if (!(Math.abs(rich - t.h(i)) <= FD_TOL * (1 + Math.abs(t.h(i)) + t.mh(i)) + rounding(gScale, H))) {
        throw new AssertionError("finite differences of the oracle's gradient along v give (Hv)[" + i + "] = " + rich
            + " but the oracle's H·v has " + t.h(i) + " (a bug in the oracle's second derivatives):" + program);
      }
    }
    return null;
  }

  /**
   * The rounding error of a central difference of a function of magnitude {@code scale} with step h: a few ulps of
   * the function divided by h, with a margin of 100 for the function's own rounding along the way.
   */
  private static double rounding(double scale, double h) {
    return 100 * EPS * (1 + scale) / h;
  }

  private static final double EPS = Math.ulp(1.0);

  private static double central(java.util.function.DoubleUnaryOperator f, double h) {
    return (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
  }

  private static double richardson(java.util.function.DoubleUnaryOperator f) {
    return (4 * central(f, H / 2) - central(f, H)) / 3;
  }

  /** The inputs moved by s · v along the differentiable parameters. */
  static Inputs shift(Inputs in, List<P> params, double s) {
    double[] v = in.direction(params);
    double x0 = in.x0();
    double x1 = in.x1();
    double x2 = in.x2();
    double[] a = in.a().clone();
    double[] b = in.b().clone();
    double[][] mm = Inputs.copy(in.mm());
    int slot = 0;
    for (P p : params) {
      switch (p) {
        case X0 -> x0 += s * v[slot++];
        case X1 -> x1 += s * v[slot++];
        case X2 -> x2 += s * v[slot++];
        case A -> {
          for (int i = 0; i < a.length; i++) {
            a[i] += s * v[slot++];
          }
        }
        case B -> {
          for (int i = 0; i < b.length; i++) {
            b[i] += s * v[slot++];
          }
        }
        case MM -> {
          for (double[] row : mm) {
            for (int j = 0; j < row.length; j++) {
              row[j] += s * v[slot++];
            }
          }
        }
        default -> {}
      }
    }
    return new Inputs(x0, x1, x2, a, b, in.c(), in.w(), in.n(), in.idx(), in.m(), in.flag(), in.mat(), in.mask(),
        in.ls(), in.imat(), in.self(), in.v(), mm);
  }

  /** The generated methods for {@code name}, for failure messages. */
  static String excerpt(String generated, String name) {
    if (generated == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String suffix :
        List.of("Gradient", "Hvp", "Directional", "HessianAt", "Pullback", "Tangent", "PullbackTangent")) {
      int at = generated.indexOf(" " + name + suffix + "(");
      if (at < 0) {
        continue;
      }
      int start = generated.lastIndexOf('\n', at) + 1;
      int end = generated.indexOf("\n  }\n", at);
      sb.append(generated, start, end < 0 ? generated.length() : end + 4).append('\n');
    }
    return sb.toString();
  }
}
