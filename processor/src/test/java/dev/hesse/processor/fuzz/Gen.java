package dev.hesse.processor.fuzz;

import dev.hesse.processor.fuzz.Ast.Assign;
import dev.hesse.processor.fuzz.Ast.BLit;
import dev.hesse.processor.fuzz.Ast.BOp;
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
import dev.hesse.processor.fuzz.Ast.Fn;
import dev.hesse.processor.fuzz.Ast.For;
import dev.hesse.processor.fuzz.Ast.ForEach;
import dev.hesse.processor.fuzz.Ast.ForEachRow;
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
import dev.hesse.processor.fuzz.Ast.Style;
import dev.hesse.processor.fuzz.Ast.T;
import dev.hesse.processor.fuzz.Ast.UOp;
import dev.hesse.processor.fuzz.Ast.Un;
import dev.hesse.processor.fuzz.Ast.Var;
import dev.hesse.processor.fuzz.Ast.While;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * jqwik generators of well-typed programs in Hesse's language, built only from jqwik combinators so that a failing
 * program shrinks: lists lose statements, alternatives fall back to the earlier (simpler) ones, numbers go to zero.
 *
 * <p>Every construct the processor accepts is generated: static and instance methods (reading the receiver's double,
 * int, long, boolean, double[] and int[] fields, bare and through {@code this}); double, int, long and boolean locals
 * and parameters; array parameters (differentiable double[], @NoDerivative double[] and double[][], int[], long[],
 * int[][], boolean[]); static final constants of the class (double, int, long, private boolean, compile-time and
 * not, arrays, also qualified by the class); Math.PI and Math.E (also StrictMath's, java.lang-qualified and
 * imported), Double.* and Integer.* constants (where they keep the function smooth and finite); reassigned
 * parameters and locals, every compound assignment and ++/--, narrowing compound assignment (int and long from
 * double), widening assignment, casts, ?:, every operator, every Math/StrictMath primitive written qualified,
 * java.lang-qualified or bare through static imports ({@link Ast#IMPORTS}); if/else-if chains, for (ascending,
 * descending, strided, with data-dependent conditions), while, do-while, enhanced for over double[], int[], long[]
 * and boolean[] (with widened element types, or var), switch (classic and arrow, merged labels, constant labels,
 * default), break, continue, early return, block-scoped locals ({@code var} too), integer index arithmetic (%, &amp;, shifts,
 * Integer.MAX_VALUE masks, long reads narrowed) over array reads; a differentiable double[][] parameter (mm, 2 × 3;
 * its rows in enhanced for); row lengths {@code m[i].length} with computed rows; counter loops reading vectors and
 * matrices element by element ({@code for (i < m.length) for (j < m[i].length) { double t = m[i][j]; ... }}); local
 * arrays ({@link Ast#LOCAL_ARRAYS}: double[], int[], long[], boolean[], double[][], int[][] allocated at the top level,
 * declared with their type or {@code var}, sized by constants or at run time by {@code a.length}, the int parameter
 * n or mm's shape; written with =, every compound operator legal for the type (shifts, / and % too) and ++/--,
 * read, iterated, filled by loops bounded by their lengths, indexed by {@code (int) & (size - 1)} or
 * {@code nonneg % length}); calls of the class's {@link Helpers} ({@code @Differentiable} and
 * {@code @CustomDerivative}), with constant arguments for their {@code @NoDerivative} parameters (the receiver's field
 * arrays too), any int and boolean expressions for their int and boolean ones.
 *
 * <p>The rows of a matrix in enhanced for ({@code for (double[] row : m)}, over {@code mat}, {@code mm} and the local
 * matrices), each row run through by an enhanced for over its elements.
 *
 * <p>Loops nested two and three deep in a top-level loop that statements follow ({@link #nested}, 3 programs in 20):
 * per-iteration values that the loop inside accumulates and a Math call then carries into the level above
 * ({@code t2 += k * Math.tanh(t3)}), products carried across iterations, inner loops in branches, break, continue and
 * zero trips.
 *
 * <p>Smoothness: functions are applied only where they are smooth — log, sqrt, log10 and pow's base take
 * {@link #pos positive} forms, asin/acos/tan/exp/sinh/cosh take {@link #bounded bounded} ones. Kinks (abs, min, max,
 * comparisons, casts to int, floor...) are generated freely: at a random point they are a tie with probability 0,
 * and the oracle flags the rare exact tie so that the program is skipped.
 *
 * <p>Termination: a loop's counter is never assigned by its body, while/do-while counters are incremented first
 * (continue cannot skip them), and every trip count is at most 5.
 */
final class Gen {
  private Gen() {}

  /**
   * What a statement or expression may use. Names of nested locals carry the nesting depth: never shadowed. With
   * {@code receiver}, the program is an instance method and may read the receiver's fields.
   */
  record Ctx(
      List<String> dbl,
      List<String> dblSet,
      List<String> ints,
      List<String> intSet,
      List<String> nonneg,
      List<String> longs,
      List<String> longSet,
      List<String> bools,
      List<String> boolSet,
      int loops,
      int nest,
      boolean inLoop,
      boolean receiver,
      boolean matrix,
      boolean arrays) {

    /**
     * Whether the method's local arrays are in scope: in the body of a program that has them, not in the initialisers
     * of s0 ... p0.
     */
    boolean locals() {
      return arrays && dblSet.contains("s0");
    }

    static Ctx parameters(boolean receiver, boolean matrix) {
      boolean arrays = false;
      return new Ctx(List.of("x0", "x1", "x2", "c"), List.of(), List.of("n"), List.of(), List.of("n"),
          List.of("m"), List.of(), List.of("flag"), List.of(), 0, 1, false, receiver, matrix, arrays);
    }

    static Ctx top(boolean receiver, boolean matrix, boolean arrays) {
      return new Ctx(
          List.of("x0", "x1", "x2", "c", "s0", "s1"),
          List.of("s0", "s1", "x0", "x1", "c"),
          List.of("n", "k0"),
          List.of("k0"),
          List.of("n"),
          List.of("m", "q0"),
          List.of("q0", "m"),
          List.of("flag", "p0"),
          List.of("p0"),
          0,
          1,
          false,
          receiver,
          matrix,
          arrays);
    }

    private static List<String> plus(List<String> l, String name) {
      List<String> out = new ArrayList<>(l);
      out.add(name);
      return List.copyOf(out);
    }

    Ctx withDouble(String name) {
      return new Ctx(plus(dbl, name), plus(dblSet, name), ints, intSet, nonneg, longs, longSet, bools, boolSet,
          loops, nest + 1, inLoop, receiver, matrix, arrays);
    }

    Ctx withInt(String name) {
      return new Ctx(dbl, dblSet, plus(ints, name), plus(intSet, name), nonneg, longs, longSet, bools, boolSet,
          loops, nest + 1, inLoop, receiver, matrix, arrays);
    }

    /** Without the double variable {@code name}: expressions built here do not read it. */
    Ctx without(String name) {
      List<String> d = new ArrayList<>(dbl);
      d.remove(name);
      List<String> ds = new ArrayList<>(dblSet);
      ds.remove(name);
      return new Ctx(List.copyOf(d), List.copyOf(ds), ints, intSet, nonneg, longs, longSet, bools, boolSet, loops,
          nest, inLoop, receiver, matrix, arrays);
    }

    /** Inside a switch case: no break or continue (a case's statements end at its end, or return). */
    Ctx inCase() {
      return new Ctx(dbl, dblSet, ints, intSet, nonneg, longs, longSet, bools, boolSet, loops, nest + 1, false,
          receiver, matrix, arrays);
    }

    /** Inside a loop whose counter (or int element) is {@code name}, never negative, never assigned. */
    Ctx inLoop(String counter, String doubleElement) {
      List<String> d = doubleElement == null ? dbl : plus(dbl, doubleElement);
      List<String> ds = doubleElement == null ? dblSet : plus(dblSet, doubleElement);
      List<String> i = counter == null ? ints : plus(ints, counter);
      List<String> nn = counter == null ? nonneg : plus(nonneg, counter);
      return new Ctx(d, ds, i, intSet, nn, longs, longSet, bools, boolSet, loops + 1, nest + 1, true, receiver,
          matrix, arrays);
    }

    /** Inside an enhanced for whose element is a long or boolean, read but never assigned. */
    Ctx inLoopOver(T type, String element) {
      List<String> l = type == T.LONG ? plus(longs, element) : longs;
      List<String> b = type == T.BOOLEAN ? plus(bools, element) : bools;
      return new Ctx(dbl, dblSet, ints, intSet, nonneg, l, longSet, b, boolSet, loops + 1, nest + 1, true, receiver,
          matrix, arrays);
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  @SafeVarargs
  private static <X> Arbitrary<X> freq(Tuple2<Integer, Arbitrary<? extends X>>... choices) {
    List<Tuple2<Integer, Arbitrary<X>>> list = new ArrayList<>();
    for (Tuple2<Integer, Arbitrary<? extends X>> c : choices) {
      if (c != null) {
        @SuppressWarnings("unchecked")
        Arbitrary<X> a = (Arbitrary<X>) c.get2();
        list.add(Tuple.of(c.get1(), a));
      }
    }
    return Arbitraries.frequencyOf(list);
  }

  private static <X> Tuple2<Integer, Arbitrary<? extends X>> w(int weight, Supplier<Arbitrary<? extends X>> a) {
    return Tuple.of(weight, Arbitraries.lazy(() -> narrow(a.get())));
  }

  private static <X> Tuple2<Integer, Arbitrary<? extends X>> when(boolean condition, int weight,
      Supplier<Arbitrary<? extends X>> a) {
    return condition ? w(weight, a) : null;
  }

  @SuppressWarnings("unchecked")
  private static <X> Arbitrary<X> narrow(Arbitrary<? extends X> a) {
    return (Arbitrary<X>) a;
  }

  private static Arbitrary<Var> var(List<String> names, T type) {
    return Arbitraries.of(names).map(n -> new Var(n, type));
  }

  private static Arbitrary<Boolean> strict() {
    return Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
  }

  /** Math.f (and StrictMath.f), bare f through Ast.IMPORTS, or java.lang.Math.f. */
  private static Arbitrary<Style> style() {
    return Arbitraries.frequency(Tuple.of(6, Style.CLASS), Tuple.of(3, Style.IMPORTED), Tuple.of(1, Style.QUALIFIED));
  }

  private static Call call(Fn fn, boolean strict, E... args) {
    return new Call(fn, strict, List.of(args));
  }

  /** A bare call is the function its import names: Math's, or StrictMath's for the functions imported singly. */
  private static Call call(Fn fn, boolean strict, Style style, E... args) {
    return new Call(fn, style == Style.IMPORTED ? Ast.importedStrict(fn) : strict, List.of(args), style);
  }

  private static Arbitrary<E> call1(Arbitrary<Fn> fns, Arbitrary<? extends E> arg) {
    return Combinators.combine(fns, strict(), style(), arg).as((f, s, st, a) -> call(f, s, st, a));
  }

  private static Arbitrary<E> call2(Arbitrary<Fn> fns, Arbitrary<? extends E> a, Arbitrary<? extends E> b) {
    return Combinators.combine(fns, strict(), style(), a, b).as((f, s, st, x, y) -> call(f, s, st, x, y));
  }

  private static Arbitrary<E> bin(Arbitrary<BOp> ops, Arbitrary<? extends E> l, Arbitrary<? extends E> r) {
    return Combinators.combine(ops, l, r).as((op, x, y) -> new Bin(op, x, y));
  }

  private static Arbitrary<E> bin(BOp op, Arbitrary<? extends E> l, Arbitrary<? extends E> r) {
    return bin(Arbitraries.just(op), l, r);
  }

  // ------------------------------------------------------------------------------------------------ expressions

  private static Arbitrary<E> doubleLiteral() {
    return Arbitraries.of(1.0, 2.0, 0.5, 0.0, -1.5, 0.25, 3.0, 1e-3, 10.0, -0.75).map(DLit::new);
  }

  /** An array index: never out of bounds. */
  static Arbitrary<E> index(Ctx c, String array, int d) {
    E length = new Len(array);
    return freq(
        w(2, () -> Arbitraries.just(new ILit(0))),
        w(4, () -> nonneg(c, d).map(i -> new Bin(BOp.REM, i, length))),
        when(d > 0, 2, () -> Combinators.combine(intExpr(c, d - 1),
            Arbitraries.of(new ILit(1023), new Named("Integer.MAX_VALUE", T.INT)))
            .as((i, mask) -> new Bin(BOp.REM, new Bin(BOp.BIT_AND, i, mask), length))),
        when(d > 0, 1, () -> index(c, "ls", d - 1).map(j -> new Bin(BOp.REM,
            new Cast(T.INT, new Bin(BOp.BIT_AND, new Read("ls", j), new LLit(1023))), length))));
  }

  /** {@code imat[i][j]}: 2 × 3, entries in [0, 7]. */
  static Arbitrary<E> imat(Ctx c, int d) {
    return Combinators.combine(index(c, "imat", d), index(c, "imat[0]", d))
        .as((i, j) -> new MatRead("imat", i, j));
  }

  /** The double arrays a program may read: parameters, the class's TABLE, and in an instance method its fw. */
  private static List<String> doubleArrays(Ctx c, boolean differentiable) {
    List<String> out = new ArrayList<>(differentiable ? List.of("a", "b") : List.of("w", "TABLE"));
    if (c.receiver && !differentiable) {
      out.addAll(List.of("fw", "this.fw"));
    }
    return out;
  }

  /** The int arrays of non-negative entries: idx, the class's PERM, and in an instance method its fidx. */
  private static List<String> intArrays(Ctx c) {
    return c.receiver ? List.of("idx", "PERM", "fidx", "this.fidx") : List.of("idx", "PERM");
  }

  /** A field of the receiver, bare or through this. */
  private static Arbitrary<E> field(String name, T type) {
    return Arbitraries.of(name, "this." + name).map(n -> new Var(n, type));
  }

  /** Double.* and Integer.* constants where they leave the function smooth and finite. */
  static Arbitrary<E> extreme(Ctx c, int d) {
    Arbitrary<E> x = dbl(c, d);
    return freq(
        w(3, () -> Combinators.combine(style(), x,
            Arbitraries.of(new Named("Double.MAX_VALUE"), new Named("MAX_VALUE"),
                new Named("Double.POSITIVE_INFINITY"))).as((st, e, k) -> call(Fn.MIN, false, st, e, k))),
        w(2, () -> Combinators.combine(style(), x,
            Arbitraries.of(new Named("java.lang.Double.NEGATIVE_INFINITY"),
                new Un(Ast.UOp.NEG, new Named("Double.MAX_VALUE")))).as((st, e, k) -> call(Fn.MAX, false, st, e, k))),
        w(2, () -> bin(Arbitraries.of(BOp.ADD, BOp.SUB), x, Arbitraries.just(new Named("Double.MIN_VALUE")))),
        w(1, () -> x.map(e -> new Bin(BOp.DIV, new Bin(BOp.MUL, e, new Named("Integer.MAX_VALUE", T.INT)),
            new Named("Integer.MAX_VALUE", T.INT)))));
  }

  /** A double-typed expression. */
  static Arbitrary<E> dbl(Ctx c, int d) {
    return freq(
        w(6, () -> var(c.dbl, T.DOUBLE)),
        w(2, Gen::doubleLiteral),
        w(3, () -> Arbitraries.of("a", "b")
            .flatMap(arr -> index(c, arr, Math.max(0, d - 1)).map(i -> new Read(arr, i)))),
        w(1, () -> Arbitraries.of(doubleArrays(c, false))
            .flatMap(arr -> index(c, arr, 0).map(i -> new Read(arr, i)))),
        w(1, () -> Combinators.combine(index(c, "mat", 0), index(c, "mat", 0)).as((i, j) -> new MatRead("mat", i, j))),
        when(c.matrix, 3, () -> Combinators.combine(index(c, "mm", Math.max(0, d - 1)),
            index(c, "mm[0]", Math.max(0, d - 1))).as((i, j) -> new MatRead("mm", i, j))),
        when(c.locals(), 3, () -> local(c, "h", Math.max(0, d - 1)).map(i -> new Read("h", i))),
        when(c.locals(), 2, () -> Combinators.combine(local(c, "hm", Math.max(0, d - 1)),
            local(c, "hm[0]", Math.max(0, d - 1))).as((i, j) -> new MatRead("hm", i, j))),
        when(c.locals(), 2, () -> index(c, "hx", Math.max(0, d - 1)).map(i -> new Read("hx", i))),
        when(hc(c), 2, () -> Combinators.combine(index(c, "hc", Math.max(0, d - 1)),
            index(c, "hc[0]", Math.max(0, d - 1))).as((i, j) -> new MatRead("hc", i, j))),
        when(d > 0, 3, () -> invoke(c, d - 1)),
        w(1, () -> Arbitraries.of("Math.PI", "Math.E", "K", "G", "StrictMath.PI", "java.lang.Math.PI", "PI", "E",
            BatchCompiler.CLASS + ".K").map(Named::new)),
        when(c.receiver, 2, () -> field("fx", T.DOUBLE)),
        when(d > 0, 1, () -> extreme(c, d - 1)),
        when(d > 0, 10, () -> bin(Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL), dbl(c, d - 1), dbl(c, d - 1))),
        when(d > 0, 2, () -> bin(BOp.DIV, dbl(c, d - 1), pos(c, d - 1))),
        when(d > 0, 1, () -> bin(BOp.REM, dbl(c, d - 1), pos(c, d - 1))),
        when(d > 0, 1, () -> Combinators.combine(Arbitraries.of(UOp.NEG, UOp.NEG, UOp.PLUS), dbl(c, d - 1))
            .as(Un::new)),
        when(d > 0, 3, () -> call1(Arbitraries.of(Fn.SIN, Fn.COS, Fn.ATAN, Fn.TANH, Fn.CBRT), dbl(c, d - 1))),
        when(d > 0, 2, () -> call1(Arbitraries.of(Fn.EXP, Fn.SINH, Fn.COSH, Fn.EXPM1),
            scaled(bounded(c, d - 1), 3.0))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.TAN), bounded(c, d - 1))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.ASIN, Fn.ACOS, Fn.LOG1P), scaled(bounded(c, d - 1), 0.9))),
        when(d > 0, 3, () -> call1(Arbitraries.of(Fn.LOG, Fn.SQRT, Fn.LOG10, Fn.LOG1P), pos(c, d - 1))),
        when(d > 0, 1, () -> call2(Arbitraries.of(Fn.ATAN2, Fn.HYPOT), dbl(c, d - 1), dbl(c, d - 1))),
        when(d > 0, 1, () -> call2(Arbitraries.of(Fn.POW), pos(c, d - 1), scaled(bounded(c, d - 1), 2.0))),
        when(d > 0, 2, () -> call2(Arbitraries.of(Fn.POW), dbl(c, d - 1), constantExponent(c))),
        when(d > 0, 2, () -> call1(Arbitraries.of(Fn.ABS), dbl(c, d - 1))),
        when(d > 0, 2, () -> call2(Arbitraries.of(Fn.MIN, Fn.MAX), dbl(c, d - 1), dbl(c, d - 1))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.FLOOR, Fn.CEIL, Fn.RINT, Fn.SIGNUM), dbl(c, d - 1))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.ROUND), dbl(c, d - 1)).map(r -> new Cast(T.DOUBLE, r))),
        when(d > 0, 1, () -> Combinators.combine(bool(c, d - 1), dbl(c, d - 1), dbl(c, d - 1)).as(Cond::new)),
        when(d > 0, 1, () -> Combinators.combine(bool(c, d - 1), dbl(c, d - 1), intExpr(c, d - 1))
            .as(Cond::new)),
        when(d > 0, 2, () -> bin(Arbitraries.of(BOp.MUL, BOp.ADD, BOp.SUB), intExpr(c, d - 1), dbl(c, d - 1))),
        when(d > 0, 1, () -> intExpr(c, d - 1).map(i -> new Cast(T.DOUBLE, i))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.ADD, BOp.MUL), dbl(c, d - 1), longExpr(c, d - 1))));
  }

  /** The size of a local array (or of hm's rows, {@code hm[0]}): a power of two. */
  private static int size(String array) {
    return array.equals("hm") || array.equals("hi") ? 2 : 4;
  }

  /** Whether the method may use the local matrix hc, sized as the differentiable matrix mm. */
  private static boolean hc(Ctx c) {
    return c.locals() && c.matrix;
  }

  /**
   * {@code matrix[row].length} with a computed row index: the constant mat and imat, the differentiable mm, the
   * local hm, hi and hc.
   */
  static Arbitrary<E> rowLength(Ctx c, int d) {
    List<String> matrices = new ArrayList<>(List.of("mat", "imat"));
    if (c.matrix) {
      matrices.add("mm");
    }
    if (c.locals()) {
      matrices.addAll(List.of("hm", "hi"));
    }
    if (hc(c)) {
      matrices.add("hc");
    }
    return Arbitraries.of(matrices).flatMap(m -> index(c, m, d).map(i -> new Ast.RowLen(m, i)));
  }

  /** The lengths of the local arrays in scope (hn's may be 0). */
  private static List<String> localLengths(Ctx c) {
    List<String> out = new ArrayList<>(List.of("h", "hk", "hm", "hm[0]", "hl", "hb", "hi", "hi[0]", "hx", "hn"));
    if (hc(c)) {
      out.addAll(List.of("hc", "hc[0]"));
    }
    return out;
  }

  /**
   * An index into a local array: in bounds for every input, as {@code (any int) & (size - 1)}, a literal, or the
   * usual {@code nonneg % length}.
   */
  static Arbitrary<E> local(Ctx c, String array, int d) {
    int size = size(array);
    return freq(
        w(2, () -> Arbitraries.integers().between(0, size - 1).map(ILit::new)),
        w(3, () -> intExpr(c, d).map(i -> new Bin(BOp.BIT_AND, i, new ILit(size - 1)))),
        w(2, () -> index(c, array, d)));
  }

  /**
   * A double expression that does not depend on the differentiable inputs, for an {@code @NoDerivative} argument:
   * constants, and int values (never differentiable); not the parameter c, which the body may reassign from x0.
   */
  static Arbitrary<E> constant(Ctx c) {
    return freq(
        w(2, Gen::doubleLiteral),
        w(1, () -> Arbitraries.of(new Named("K"), new Named("Math.PI"))),
        w(1, () -> Arbitraries.of("w", "TABLE").flatMap(arr -> index(c, arr, 0).map(i -> new Read(arr, i)))),
        w(1, () -> Combinators.combine(index(c, "mat", 0), index(c, "mat", 0)).as((i, j) -> new MatRead("mat", i, j))),
        w(1, () -> var(c.ints, T.INT).map(i -> new Bin(BOp.MUL, i, new DLit(0.5)))),
        w(1, () -> Arbitraries.just(new Bin(BOp.MUL, new Var("n", T.INT), new Named("K")))));
  }

  /**
   * A double[] argument of a helper: a parameter array of the caller (differentiable or not), the class's constant
   * TABLE, or a row of the constant matrix mat.
   */
  static Arbitrary<E> arrayArgument(Ctx c) {
    return freq(
        w(3, () -> Arbitraries.of("a", "b").map(n -> new Var(n, T.DOUBLE))),
        w(2, () -> constantArray(c)));
  }

  /**
   * A double[] argument that carries no derivative, for a {@code @NoDerivative double[]} parameter (or a
   * differentiable one): the caller's {@code @NoDerivative} parameter w, the class's TABLE, a row of mat, and in an
   * instance method the receiver's field fw, bare or through this.
   */
  static Arbitrary<E> constantArray(Ctx c) {
    return freq(
        w(2, () -> Arbitraries.of("w", "TABLE").map(n -> new Var(n, T.DOUBLE))),
        w(1, () -> index(c, "mat", 0).map(i -> new Read("mat", i))),
        when(c.receiver, 2, () -> Arbitraries.of("fw", "this.fw").map(n -> new Var(n, T.DOUBLE))));
  }

  /** A call of one of the class's {@link Helpers}. */
  static Arbitrary<E> invoke(Ctx c, int d) {
    return freq(
        w(3, () -> Combinators.combine(dbl(c, d), arrayArgument(c), constant(c))
            .as((u, ws, k) -> new Ast.Invoke("hlp1", List.of(u, ws, k)))),
        w(2, () -> Combinators.combine(scaled(bounded(c, d), 2.0), arrayArgument(c))
            .as((u, ws) -> new Ast.Invoke("hlp2", List.of(u, ws)))),
        w(2, () -> dbl(c, d).map(u -> new Ast.Invoke("cube", List.of(u)))),
        w(2, () -> Combinators.combine(dbl(c, d), dbl(c, d)).as((x, y) -> new Ast.Invoke("smul", List.of(x, y)))),
        w(2, () -> Combinators.combine(dbl(c, d), constantArray(c), intExpr(c, 1))
            .as((u, ws, k) -> new Ast.Invoke("hlp3", List.of(u, ws, k)))),
        w(2, () -> Combinators.combine(dbl(c, d), intExpr(c, 1), constant(c), bool(c, 1))
            .as((u, k, k2, b) -> new Ast.Invoke("scl", List.of(u, k, k2, b)))));
  }

  private static E scale(E e, double k) {
    return new Bin(BOp.MUL, e, new DLit(k));
  }

  private static Arbitrary<E> scaled(Arbitrary<E> e, double k) {
    return e.map(x -> scale(x, k));
  }

  /** A double-typed expression with values in [-1, 1]. */
  static Arbitrary<E> bounded(Ctx c, int d) {
    return freq(
        w(3, () -> call1(Arbitraries.of(Fn.SIN, Fn.COS, Fn.TANH), dbl(c, d))),
        w(1, () -> call1(Arbitraries.of(Fn.ATAN), dbl(c, d)).map(e -> scale(e, 0.6))));
  }

  /** A double-typed expression with positive values. */
  static Arbitrary<E> pos(Ctx c, int d) {
    return freq(
        w(1, () -> Arbitraries.of(1.5, 2.0, 0.75).map(DLit::new)),
        w(3, () -> dbl(c, d).map(e -> new Bin(BOp.ADD, new DLit(1.0), new Bin(BOp.MUL, e, e)))),
        w(1, () -> call1(Arbitraries.of(Fn.EXP, Fn.COSH), bounded(c, d))),
        w(1, () -> dbl(c, d).map(e -> new Bin(BOp.ADD, new DLit(0.5), call(Fn.ABS, false, e)))),
        w(1, () -> dbl(c, d).map(e -> call(Fn.HYPOT, false, e, new DLit(1.0)))),
        w(1, () -> bounded(c, d).map(e -> new Bin(BOp.ADD, new DLit(2.0), e))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.ADD, BOp.MUL, BOp.DIV), pos(c, d - 1), pos(c, d - 1))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.SQRT), pos(c, d - 1))));
  }

  /** An exponent that carries no derivative, for pow of any base. */
  static Arbitrary<E> constantExponent(Ctx c) {
    return freq(
        w(3, () -> Arbitraries.of(2.0, 3.0, 4.0, -1.0, 0.5).map(DLit::new)),
        w(2, () -> Arbitraries.integers().between(0, 3).map(ILit::new)),
        w(1, () -> var(c.ints, T.INT).map(v -> new Bin(BOp.REM, v, new ILit(3)))),
        w(1, () -> Arbitraries.just(new Var("c", T.DOUBLE))));
  }

  /** A non-negative int expression (for indices). */
  static Arbitrary<E> nonneg(Ctx c, int d) {
    return freq(
        w(2, () -> Arbitraries.integers().between(0, 4).map(ILit::new)),
        w(4, () -> var(c.nonneg, T.INT)),
        w(1, () -> Arbitraries.of("a", "b", "w", "idx", "ls", "imat", "PERM").map(Len::new)),
        w(1, () -> Arbitraries.of(new Named("KN", T.INT), new Named("KI", T.INT))),
        when(c.receiver, 1, () -> Arbitraries.of("fw", "this.fidx").map(Len::new)),
        when(d > 0, 1, () -> Arbitraries.of(intArrays(c)).flatMap(arr -> index(c, arr, d - 1)
            .map(i -> new Read(arr, i)))),
        when(d > 0, 1, () -> imat(c, d - 1)),
        when(d > 0, 1, () -> rowLength(c, d - 1)),
        when(c.locals(), 1, () -> Arbitraries.of(localLengths(c)).map(Len::new)),
        when(d > 0, 2, () -> bin(BOp.ADD, nonneg(c, d - 1), nonneg(c, d - 1))),
        when(d > 0, 1, () -> bin(BOp.MUL, nonneg(c, d - 1), Arbitraries.integers().between(1, 3).map(ILit::new))));
  }

  /** An int expression. */
  static Arbitrary<E> intExpr(Ctx c, int d) {
    return freq(
        w(2, () -> Arbitraries.integers().between(0, 5).map(ILit::new)),
        w(4, () -> var(c.ints, T.INT)),
        w(1, () -> Arbitraries.of("a", "b", "idx").map(Len::new)),
        when(c.matrix, 1, () -> Arbitraries.of("mm", "mm[0]").map(Len::new)),
        when(c.locals(), 1, () -> Arbitraries.of(localLengths(c)).map(Len::new)),
        when(c.locals() && d > 0, 2, () -> local(c, "hk", d - 1).map(i -> new Read("hk", i))),
        when(c.locals() && d > 0, 1, () -> Combinators.combine(local(c, "hi", d - 1), local(c, "hi[0]", d - 1))
            .as((i, j) -> new MatRead("hi", i, j))),
        when(d > 0, 1, () -> rowLength(c, d - 1)),
        when(c.receiver, 1, () -> field("fk", T.INT)),
        when(d > 0, 1, () -> Arbitraries.of(intArrays(c)).flatMap(arr -> index(c, arr, d - 1)
            .map(i -> new Read(arr, i)))),
        when(d > 0, 1, () -> imat(c, d - 1)),
        when(d > 0, 1, () -> index(c, "ls", d - 1).map(i -> new Cast(T.INT, new Read("ls", i)))),
        when(d > 0, 1, () -> Combinators.combine(Arbitraries.of(Fn.MIN, Fn.MAX), style(), intExpr(c, d - 1))
            .as((f, st, i) -> call(f, false, st, i,
                new Named(f == Fn.MIN ? "Integer.MAX_VALUE" : "Integer.MIN_VALUE", T.INT)))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.BIT_AND, BOp.ADD), intExpr(c, d - 1),
            Arbitraries.just(new Named("Integer.MAX_VALUE", T.INT)))),
        when(d > 0, 3, () -> bin(Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL), intExpr(c, d - 1), intExpr(c, d - 1))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.DIV, BOp.REM), intExpr(c, d - 1),
            Arbitraries.integers().between(1, 4).map(ILit::new))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.BIT_AND, BOp.BIT_OR, BOp.BIT_XOR), intExpr(c, d - 1),
            intExpr(c, d - 1))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.SHL, BOp.SHR, BOp.USHR), intExpr(c, d - 1),
            Arbitraries.integers().between(0, 3).map(ILit::new))),
        when(d > 0, 1, () -> Combinators.combine(Arbitraries.of(UOp.NEG, UOp.BIT_NOT), intExpr(c, d - 1))
            .as(Un::new)),
        when(d > 0, 2, () -> dbl(c, d - 1).map(x -> new Cast(T.INT, x))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.FLOOR, Fn.CEIL, Fn.ROUND), dbl(c, d - 1))
            .map(x -> new Cast(T.INT, x))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.ABS), intExpr(c, d - 1))),
        when(d > 0, 1, () -> call2(Arbitraries.of(Fn.MIN, Fn.MAX), intExpr(c, d - 1), intExpr(c, d - 1))),
        when(d > 0, 1, () -> Combinators.combine(bool(c, d - 1), intExpr(c, d - 1), intExpr(c, d - 1))
            .as(Cond::new)),
        when(d > 0, 1, () -> longExpr(c, d - 1).map(x -> new Cast(T.INT, x))));
  }

  /** A long expression. */
  static Arbitrary<E> longExpr(Ctx c, int d) {
    return freq(
        w(2, () -> Arbitraries.longs().between(-2, 3).map(LLit::new)),
        w(3, () -> var(c.longs, T.LONG)),
        w(1, () -> intExpr(c, Math.max(0, d - 1)).map(i -> new Cast(T.LONG, i))),
        w(1, () -> Arbitraries.just(new Named("KL", T.LONG))),
        when(c.receiver, 1, () -> field("fm", T.LONG)),
        when(d > 0, 2, () -> index(c, "ls", d - 1).map(i -> new Read("ls", i))),
        when(c.locals() && d > 0, 2, () -> local(c, "hl", d - 1).map(i -> new Read("hl", i))),
        when(d > 0, 1, () -> dbl(c, d - 1).map(x -> new Cast(T.LONG, x))),
        when(d > 0, 1, () -> Combinators.combine(Arbitraries.of(UOp.NEG, UOp.BIT_NOT), longExpr(c, d - 1))
            .as(Un::new)),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.ROUND), dbl(c, d - 1))),
        when(d > 0, 2, () -> bin(Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL), longExpr(c, d - 1),
            Arbitraries.oneOf(longExpr(c, d - 1), intExpr(c, d - 1)))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.SHL, BOp.SHR, BOp.BIT_XOR), longExpr(c, d - 1),
            Arbitraries.integers().between(0, 3).map(ILit::new))),
        when(d > 0, 1, () -> call1(Arbitraries.of(Fn.ABS), longExpr(c, d - 1))),
        when(d > 0, 1, () -> Combinators.combine(bool(c, d - 1), longExpr(c, d - 1), intExpr(c, d - 1))
            .as(Cond::new)));
  }

  private static Arbitrary<BOp> order() {
    return Arbitraries.frequency(
        Tuple.of(3, BOp.LT), Tuple.of(2, BOp.LE), Tuple.of(3, BOp.GT), Tuple.of(2, BOp.GE), Tuple.of(1, BOp.EQ),
        Tuple.of(1, BOp.NE));
  }

  /** A boolean expression. */
  static Arbitrary<E> bool(Ctx c, int d) {
    return freq(
        w(1, () -> Arbitraries.of(true, false).map(BLit::new)),
        w(2, () -> var(c.bools, T.BOOLEAN)),
        w(1, () -> index(c, "mask", 0).map(i -> new Read("mask", i))),
        when(c.locals(), 1, () -> local(c, "hb", 0).map(i -> new Read("hb", i))),
        w(1, () -> Arbitraries.just(new Named("KB", T.BOOLEAN))),
        when(c.receiver, 1, () -> field("fflag", T.BOOLEAN)),
        w(1, () -> Combinators.combine(dbl(c, Math.max(0, d - 1)), Arbitraries.of(
            Tuple.of(BOp.LT, "Double.POSITIVE_INFINITY"), Tuple.of(BOp.GT, "java.lang.Double.NEGATIVE_INFINITY"),
            Tuple.of(BOp.NE, "Double.NaN"), Tuple.of(BOp.EQ, "Double.NaN"), Tuple.of(BOp.LT, "Double.MAX_VALUE"),
            Tuple.of(BOp.GT, "Double.MIN_VALUE"))).as((x, k) -> new Bin(k.get1(), x, new Named(k.get2())))),
        w(1, () -> Combinators.combine(intExpr(c, Math.max(0, d - 1)), Arbitraries.of(
            Tuple.of(BOp.LT, "Integer.MAX_VALUE"), Tuple.of(BOp.GT, "Integer.MIN_VALUE")))
            .as((i, k) -> new Bin(k.get1(), i, new Named(k.get2(), T.INT)))),
        w(6, () -> bin(order(), dbl(c, Math.max(0, d - 1)), dbl(c, Math.max(0, d - 1)))),
        w(2, () -> bin(order(), intExpr(c, Math.max(0, d - 1)), intExpr(c, Math.max(0, d - 1)))),
        when(d > 0, 1, () -> bin(order(), dbl(c, d - 1), intExpr(c, d - 1))),
        when(d > 0, 1, () -> bin(order(), longExpr(c, d - 1), intExpr(c, d - 1))),
        when(d > 0, 2, () -> bin(Arbitraries.of(BOp.AND, BOp.OR), bool(c, d - 1), bool(c, d - 1))),
        when(d > 0, 1, () -> bool(c, d - 1).map(b -> new Un(UOp.NOT, b))),
        when(d > 0, 1, () -> bin(Arbitraries.of(BOp.BIT_AND, BOp.BIT_OR, BOp.BIT_XOR, BOp.EQ, BOp.NE),
            bool(c, d - 1), bool(c, d - 1))));
  }

  /** A trip-count bound: at most 5 whatever the body does. */
  static Arbitrary<E> bound(Ctx c) {
    return freq(
        w(2, () -> Arbitraries.integers().between(0, 4).map(ILit::new)),
        w(2, () -> Arbitraries.just(new Var("n", T.INT))),
        w(1, () -> Arbitraries.of("a", "b").map(Len::new)),
        when(c.matrix, 1, () -> Arbitraries.of("mm", "mm[0]").map(Len::new)),
        when(c.locals(), 1, () -> Arbitraries.of(localLengths(c)).map(Len::new)),
        w(1, () -> rowLength(c, 0)),
        w(2, () -> Combinators.combine(intExpr(c, 1), Arbitraries.integers().between(2, 5))
            .as((i, k) -> call(Fn.MIN, false, i, new ILit(k)))));
  }

  /**
   * The start of a descending loop, {@code from - 1} with from a {@link #bound}: a bound {@code min(i, k)} can be
   * Integer.MIN_VALUE ({@code min(1 + Integer.MAX_VALUE, 2)}), and MIN_VALUE - 1 wraps to MAX_VALUE, 2^31 trips;
   * {@code max(bound, 0)} keeps it at most 5.
   */
  private static E descending(E bound) {
    return bound instanceof Call ? call(Fn.MAX, false, bound, new ILit(0)) : bound;
  }

  // ------------------------------------------------------------------------------------------------ statements

  static Arbitrary<List<S>> block(Ctx c, int d, int max) {
    return stmt(c, d).list().ofMinSize(1).ofMaxSize(max);
  }

  private static Arbitrary<S> jump(Ctx c, int d) {
    Arbitrary<S> last = Arbitraries.of(new Break(), new Continue(), new Break());
    return Combinators.combine(bool(c, 1), simple(c).list().ofMaxSize(2), last).as((b, pre, j) -> {
      List<S> then = new ArrayList<>(pre);
      then.add(j);
      return new If(b, then, List.of());
    });
  }

  /** An element write into a local array: plain, compound, or ++/--. */
  static Arbitrary<S> store(Ctx c) {
    int d = 2;
    return freq(
        w(4, () -> Combinators.combine(local(c, "h", 1), Arbitraries.of(BOp.ADD, BOp.ADD, BOp.SUB,
            BOp.MUL).injectNull(0.35), dbl(c, d)).as((i, op, e) -> new Ast.Store("h", i, null, op, e))),
        w(1, () -> Combinators.combine(local(c, "h", 1), Arbitraries.of(BOp.DIV, BOp.REM), pos(c, 1))
            .as((i, op, e) -> new Ast.Store("h", i, null, op, e))),
        w(1, () -> Combinators.combine(local(c, "h", 1), Arbitraries.of(BOp.ADD, BOp.SUB))
            .as((i, op) -> new Ast.Store("h", i, null, op, null))),
        w(3, () -> Combinators.combine(local(c, "hm", 1), local(c, "hm[0]", 1),
            Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL).injectNull(0.4), dbl(c, d))
            .as((i, j, op, e) -> new Ast.Store("hm", i, j, op, e))),
        w(2, () -> Combinators.combine(local(c, "hk", 1),
            Arbitraries.of(BOp.ADD, BOp.SUB, BOp.BIT_XOR).injectNull(0.25), intExpr(c, 1)).as((i, op, e) -> new Ast.Store("hk", i, null, op, e))),
        w(2, () -> Combinators.combine(local(c, "hk", 1), Arbitraries.of(BOp.ADD, BOp.ADD, BOp.SUB))
            .as((i, op) -> new Ast.Store("hk", i, null, op, null))),
        // long[], boolean[], int[][]: plain, compound (long also narrowing from double), ++/--.
        w(2, () -> Combinators.combine(local(c, "hl", 1), Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL, BOp.BIT_XOR,
            BOp.BIT_AND, BOp.BIT_OR).injectNull(0.3), longExpr(c, 1))
            .as((i, op, e) -> new Ast.Store("hl", i, null, op, e))),
        w(1, () -> Combinators.combine(local(c, "hl", 1), Arbitraries.of(BOp.ADD, BOp.SUB), dbl(c, 1))
            .as((i, op, e) -> new Ast.Store("hl", i, null, op, e))),
        w(1, () -> Combinators.combine(local(c, "hl", 1), Arbitraries.of(BOp.ADD, BOp.SUB))
            .as((i, op) -> new Ast.Store("hl", i, null, op, null))),
        w(2, () -> Combinators.combine(local(c, "hb", 1),
            Arbitraries.of(BOp.BIT_AND, BOp.BIT_OR, BOp.BIT_XOR).injectNull(0.4), bool(c, 1))
            .as((i, op, e) -> new Ast.Store("hb", i, null, op, e))),
        w(2, () -> Combinators.combine(local(c, "hi", 1), local(c, "hi[0]", 1),
            Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL, BOp.BIT_XOR).injectNull(0.3), intExpr(c, 1))
            .as((i, j, op, e) -> new Ast.Store("hi", i, j, op, e))),
        w(1, () -> Combinators.combine(local(c, "hi", 1), local(c, "hi[0]", 1), Arbitraries.of(BOp.ADD, BOp.SUB))
            .as((i, j, op) -> new Ast.Store("hi", i, j, op, null))),
        w(1, () -> Combinators.combine(Arbitraries.of("hk", "hl", "hi"), Arbitraries.of(BOp.DIV, BOp.REM, BOp.SHL,
            BOp.SHR, BOp.USHR), Arbitraries.integers().between(1, 3)).as(Tuple::of).flatMap(t -> {
              E k = new ILit(t.get3());
              return t.get1().equals("hi")
                  ? Combinators.combine(local(c, "hi", 1), local(c, "hi[0]", 1))
                      .as((i, j) -> (S) new Ast.Store("hi", i, j, t.get2(), k))
                  : local(c, t.get1(), 1).map(i -> (S) new Ast.Store(t.get1(), i, null, t.get2(), k));
            })),
        // Arrays sized at run time: hx as a, hc as mm (hn, possibly empty, only in loops over it).
        w(3, () -> Combinators.combine(index(c, "hx", 1), Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL).injectNull(0.4),
            dbl(c, d)).as((i, op, e) -> new Ast.Store("hx", i, null, op, e))),
        when(hc(c), 3, () -> Combinators.combine(index(c, "hc", 1), index(c, "hc[0]", 1),
            Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL).injectNull(0.4), dbl(c, d))
            .as((i, j, op, e) -> new Ast.Store("hc", i, j, op, e))));
  }

  /** Assignments, compound assignments, increments. */
  static Arbitrary<S> simple(Ctx c) {
    int d = 2;
    return freq(
        when(c.locals(), 6, () -> store(c)),
        w(5, () -> Combinators.combine(Arbitraries.of(c.dblSet), dbl(c, d)).as((n, e) -> new Assign(n, T.DOUBLE, e))),
        w(4, () -> Combinators.combine(Arbitraries.of(c.dblSet), Arbitraries.of(BOp.ADD, BOp.ADD, BOp.SUB, BOp.MUL),
            dbl(c, d)).as((n, op, e) -> new Compound(n, T.DOUBLE, op, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.dblSet), Arbitraries.of(BOp.DIV, BOp.REM), pos(c, d - 1))
            .as((n, op, e) -> new Compound(n, T.DOUBLE, op, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.dblSet), Arbitraries.of(true, false),
            Arbitraries.of(true, false)).as((n, inc, pre) -> new Step(n, T.DOUBLE, inc, pre))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.intSet), intExpr(c, d)).as((n, e) -> new Assign(n, T.INT, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.intSet),
            Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL, BOp.BIT_AND, BOp.BIT_OR, BOp.BIT_XOR), intExpr(c, d))
            .as((n, op, e) -> new Compound(n, T.INT, op, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.intSet), Arbitraries.of(BOp.ADD, BOp.MUL, BOp.SUB),
            dbl(c, d)).as((n, op, e) -> new Compound(n, T.INT, op, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.intSet),
            Arbitraries.of(BOp.DIV, BOp.REM, BOp.SHL, BOp.SHR, BOp.USHR), Arbitraries.integers().between(1, 3))
            .as((n, op, k) -> new Compound(n, T.INT, op, new ILit(k)))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.intSet), Arbitraries.of(true, false),
            Arbitraries.of(true, false)).as((n, inc, pre) -> new Step(n, T.INT, inc, pre))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.longSet), Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL),
            intExpr(c, 1)).as((n, op, e) -> new Compound(n, T.LONG, op, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.longSet), longExpr(c, 1)).as((n, e) -> new Assign(n, T.LONG, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.boolSet), bool(c, 1)).as((n, e) -> new Assign(n, T.BOOLEAN, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.boolSet),
            Arbitraries.of(BOp.BIT_AND, BOp.BIT_OR, BOp.BIT_XOR), bool(c, 1))
            .as((n, op, e) -> new Compound(n, T.BOOLEAN, op, e))),
        // Widening assignments (int to double or long), and the long compound operators (narrowing from double).
        w(1, () -> Combinators.combine(Arbitraries.of(c.dblSet), Arbitraries.oneOf(intExpr(c, d), longExpr(c, 1)))
            .as((n, e) -> new Assign(n, T.DOUBLE, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.dblSet), Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL),
            intExpr(c, d)).as((n, op, e) -> new Compound(n, T.DOUBLE, op, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.longSet), intExpr(c, d))
            .as((n, e) -> new Assign(n, T.LONG, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.longSet),
            Arbitraries.of(BOp.DIV, BOp.REM, BOp.SHL, BOp.SHR, BOp.USHR), Arbitraries.integers().between(1, 3))
            .as((n, op, k) -> new Compound(n, T.LONG, op, new ILit(k)))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.longSet), Arbitraries.of(BOp.BIT_AND, BOp.BIT_OR, BOp.BIT_XOR),
            longExpr(c, 1)).as((n, op, e) -> new Compound(n, T.LONG, op, e))),
        w(1, () -> Combinators.combine(Arbitraries.of(c.longSet), Arbitraries.of(BOp.ADD, BOp.SUB, BOp.MUL),
            dbl(c, 1)).as((n, op, e) -> new Compound(n, T.LONG, op, e))));
  }

  static Arbitrary<S> stmt(Ctx c, int d) {
    boolean loopsLeft = d > 0 && c.loops < 3;
    String i = "i" + c.nest;
    String wc = "w" + c.nest;
    String e = "e" + c.nest;
    String t = "t" + c.nest;
    String j = "j" + c.nest;
    return freq(
        w(8, () -> simple(c)),
        when(d > 0, 3, () -> Combinators.combine(bool(c, 2), block(c, d - 1, 2),
            block(c, d - 1, 2).injectNull(0.5)).as((b, th, el) -> new If(b, th, el == null ? List.of() : el))),
        when(d > 0, 1, () -> Combinators.combine(bool(c, 2), block(c, d - 1, 2), stmtIfChain(c, d - 1))
            .as((b, th, el) -> new If(b, th, List.of(el)))),
        when(loopsLeft, 2, () -> Combinators.combine(Arbitraries.of(0, 1), Arbitraries.of(BOp.LT, BOp.LT, BOp.LE),
            bound(c), Arbitraries.of(1, 1, 2), bool(c, 1).injectNull(0.7), block(c.inLoop(i, null), d - 1, 2))
            .as((from, cmp, to, step, extra, body) -> new For(i, new ILit(from), cmp, to, step, extra, body))),
        when(loopsLeft, 1, () -> Combinators.combine(bound(c), Arbitraries.of(BOp.GE, BOp.GT),
            bool(c, 1).injectNull(0.7), block(c.inLoop(i, null), d - 1, 2))
            .as((from, cmp, extra, body) -> new For(i, new Bin(BOp.SUB, descending(from), new ILit(1)), cmp,
                new ILit(0), -1, extra, body))),
        when(loopsLeft, 2, () -> Combinators.combine(bound(c), bool(c, 1).injectNull(0.5), Arbitraries.of(false, true),
            block(c.inLoop(wc, null), d - 1, 2)).as((b, extra, dw, body) -> new While(wc, b, extra, dw, body))),
        // Enhanced for: double elements (also widened from int[] and long[]), int, long (also widened from int[])
        // and boolean elements.
        when(loopsLeft, 2, () -> Arbitraries.of(foreachDoubles(c)).flatMap(arr ->
            block(c.inLoop(null, e), d - 1, 2).flatMap(body -> each(T.DOUBLE, e, arr, body)))),
        when(loopsLeft, 1, () -> Arbitraries.of(intArrays(c)).flatMap(arr ->
            block(c.inLoop(e, null), d - 1, 2).flatMap(body -> each(T.INT, e, arr, body)))),
        when(loopsLeft, 1, () -> Arbitraries.of("ls", "ls", "idx").flatMap(arr ->
            block(c.inLoopOver(T.LONG, e), d - 1, 2).flatMap(body -> each(T.LONG, e, arr, body)))),
        when(loopsLeft, 1, () -> block(c.inLoopOver(T.BOOLEAN, e), d - 1, 2)
            .flatMap(body -> each(T.BOOLEAN, e, "mask", body))),
        // Local arrays: a loop writing every element (the counters bounded by the lengths, a matrix's columns by
        // its row's length m[i].length), and the enhanced for over them (over a matrix's rows' elements).
        when(loopsLeft && c.locals(), 3, () -> Arbitraries.of(fillable(c)).flatMap(arr -> fill(c, arr, d))),
        // Loops reading a matrix or vector element by element through the counters: for (i < m.length)
        // for (j < m[i].length) { double t = m[i][j]; ... }.
        when(loopsLeft, 2, () -> Arbitraries.of(readable(c)).flatMap(arr -> traverse(c, arr, d))),
        when(loopsLeft && c.locals(), 2, () -> Arbitraries.of(localDoubleRows(c)).flatMap(arr ->
            block(c.inLoop(null, e), d - 1, 2).flatMap(body -> each(T.DOUBLE, e, arr, body)))),
        when(loopsLeft && c.locals(), 1, () -> Combinators.combine(
            Arbitraries.of("hk", "hl", "hi[0]", "hi[1]"), Arbitraries.of(T.LONG, T.DOUBLE)).as(Tuple::of)
            .flatMap(t2 -> block(t2.get2() == T.LONG ? c.inLoopOver(T.LONG, e) : c.inLoop(null, e), d - 1, 2)
                .flatMap(body -> each(t2.get2(), e, t2.get1(), body)))),
        when(loopsLeft && c.locals(), 1, () -> block(c.inLoopOver(T.BOOLEAN, e), d - 1, 2)
            .flatMap(body -> each(T.BOOLEAN, e, "hb", body))),
        when(loopsLeft && c.matrix, 1, () -> Arbitraries.of("mm[0]", "mm[1]").flatMap(arr ->
            block(c.inLoop(null, e), d - 1, 2).flatMap(body -> each(T.DOUBLE, e, arr, body)))),
        // The rows of a matrix, each run through: for (double[] eRow : m) for (double e : eRow) ...
        when(loopsLeft, 1, () -> Arbitraries.of(rowMatrices(c)).flatMap(m ->
            Combinators.combine(block(c.inLoop(null, e), d - 1, 2), Arbitraries.of(false, true), Arbitraries.of(
                false, true)).as((body, varRow, varElement) -> new ForEachRow(e + "Row", m, varRow,
                    new ForEach(T.DOUBLE, e, e + "Row", body, varElement))))),
        when(d > 0, 2, () -> Combinators.combine(dbl(c, 2), Arbitraries.of(false, false, true),
            block(c.withDouble(t), d - 1, 2)).as((init, v, body) -> new Scope(new Decl(T.DOUBLE, t, init, v), body))),
        when(d > 0, 1, () -> Combinators.combine(intExpr(c, 2), Arbitraries.of(false, false, true),
            block(c.withInt(j), d - 1, 2)).as((init, v, body) -> new Scope(new Decl(T.INT, j, init, v), body))),
        when(d > 0, 1, () -> Combinators.combine(intExpr(c, 1), Arbitraries.of(false, true),
            Arbitraries.of(false, true), caseLabels(), block(c.inCase(), d - 1, 2), block(c.inCase(), d - 1, 2),
            block(c.inCase(), d - 1, 2).injectNull(0.3))
            .as((sel, arrow, bare, labels, first, second, other) -> new Ast.Switch(sel, arrow, bare, labels,
                List.of(first, second), other))),
        when(c.inLoop, 3, () -> jump(c, d)),
        w(1, () -> Combinators.combine(bool(c, 2), dbl(c, 2)).as((b, r) -> new If(b, List.of(new Return(r)),
            List.of()))));
  }

  /** Arrays an enhanced for with a double element may run over: double arrays, and int or long ones widened. */
  private static List<String> foreachDoubles(Ctx c) {
    List<String> out = new ArrayList<>(List.of("a", "b", "w", "a", "b", "w", "TABLE", "idx", "ls"));
    if (c.receiver) {
      out.addAll(List.of("fw", "this.fw"));
    }
    return out;
  }

  /**
   * {@code for (type e : arr) body}, written {@code for (var e : arr)} a third of the time when the type is the
   * array's element type (no widening).
   */
  private static Arbitrary<S> each(T type, String e, String arr, List<S> body) {
    String base = arr.contains("[") ? arr.substring(0, arr.indexOf('[')) : arr;
    T element = base.equals("mm") ? T.DOUBLE : Ast.ARRAYS.get(base);
    return Arbitraries.of(false, false, true).map(v -> new ForEach(type, e, arr, body, v && element == type));
  }

  /** The local arrays a fill loop may write. */
  private static List<String> fillable(Ctx c) {
    List<String> out = new ArrayList<>(List.of("h", "hk", "hm", "hl", "hb", "hi", "hx", "hn", "hx", "hn"));
    if (hc(c)) {
      out.addAll(List.of("hc", "hc"));
    }
    return out;
  }

  /** The double vectors and matrices a loop may read element by element. */
  private static List<String> readable(Ctx c) {
    List<String> out = new ArrayList<>(List.of("a", "b", "w", "mat"));
    if (c.matrix) {
      out.addAll(List.of("mm", "mm"));
    }
    if (c.locals()) {
      out.addAll(List.of("h", "hm", "hx", "hn"));
    }
    if (hc(c)) {
      out.add("hc");
    }
    return out;
  }

  /** The double matrices whose rows an enhanced for may run over. */
  private static List<String> rowMatrices(Ctx c) {
    List<String> out = new ArrayList<>(List.of("mat"));
    if (c.matrix) {
      out.add("mm");
    }
    if (c.locals()) {
      out.add("hm");
      if (hc(c)) {
        out.add("hc");
      }
    }
    return out;
  }

  /** The local double vectors and rows of local double matrices an enhanced for may run over. */
  private static List<String> localDoubleRows(Ctx c) {
    List<String> out = new ArrayList<>(List.of("h", "hm[0]", "hm[1]", "hx", "hn"));
    if (hc(c)) {
      out.addAll(List.of("hc[0]", "hc[1]"));
    }
    return out;
  }

  private static boolean matrix(String array) {
    return List.of("hm", "hi", "hc", "mm", "mat").contains(array);
  }

  /**
   * {@code for (int i = 0; i < arr.length; i++) arr[i] op= value; ...}, or for a matrix
   * {@code for (i < m.length) for (j < m[i].length) m[i][j] op= value; ...}: the value may read the element being
   * written, and more statements may follow.
   */
  static Arbitrary<S> fill(Ctx c, String arr, int d) {
    boolean twoD = matrix(arr);
    String i = "i" + c.nest;
    Ctx outer = c.inLoop(i, null);
    String j = "i" + outer.nest;
    Ctx inner = twoD ? outer.inLoop(j, null) : outer;
    T type = Ast.ARRAYS.get(arr);
    E row = new Var(i, T.INT);
    E col = twoD ? new Var(j, T.INT) : null;
    E element = twoD ? new MatRead(arr, row, col) : new Read(arr, row);
    Arbitrary<BOp> ops;
    Arbitrary<E> value;
    switch (type) {
      case INT -> {
        ops = Arbitraries.of(BOp.ADD, BOp.SUB, BOp.BIT_XOR).injectNull(0.4);
        value = intExpr(inner, 2);
      }
      case LONG -> {
        ops = Arbitraries.of(BOp.ADD, BOp.MUL, BOp.BIT_OR).injectNull(0.4);
        value = longExpr(inner, 2);
      }
      case BOOLEAN -> {
        ops = Arbitraries.of(BOp.BIT_AND, BOp.BIT_OR, BOp.BIT_XOR).injectNull(0.4);
        value = bool(inner, 2);
      }
      default -> {
        ops = Arbitraries.of(BOp.ADD, BOp.MUL).injectNull(0.4);
        value = Combinators.combine(dbl(inner, 2), Arbitraries.of(false, false, true))
            .as((v, self) -> self ? new Bin(BOp.ADD, new Bin(BOp.MUL, element, new DLit(0.5)), v) : v);
      }
    }
    return Combinators.combine(ops, value, block(inner, d - 1, 2).injectNull(0.5)).as((op, v, more) -> {
      List<S> body = new ArrayList<>();
      body.add(new Ast.Store(arr, row, col, op, v));
      if (more != null) {
        body.addAll(more);
      }
      S loop = twoD ? new For(j, new ILit(0), BOp.LT, new Ast.RowLen(arr, row), 1, null, body) : null;
      return (S) new For(i, new ILit(0), BOp.LT, new Len(arr), 1, null, twoD ? List.of(loop) : body);
    });
  }

  /**
   * {@code for (int i = 0; i < arr.length; i++) { double t = arr[i]; ... }}, or over a matrix's elements with its
   * rows' lengths {@code m[i].length}, reading through the counters.
   */
  static Arbitrary<S> traverse(Ctx c, String arr, int d) {
    boolean twoD = matrix(arr);
    String i = "i" + c.nest;
    Ctx outer = c.inLoop(i, null);
    String j = "i" + outer.nest;
    Ctx inner = twoD ? outer.inLoop(j, null) : outer;
    String t = "t" + inner.nest;
    E row = new Var(i, T.INT);
    E element = twoD ? new MatRead(arr, row, new Var(j, T.INT)) : new Read(arr, row);
    return block(inner.withDouble(t), d - 1, 2).map(body -> {
      List<S> scoped = List.of(new Ast.Scope(new Decl(T.DOUBLE, t, element, false), body));
      S loop = twoD ? new For(j, new ILit(0), BOp.LT, new Ast.RowLen(arr, row), 1, null, scoped) : null;
      return (S) new For(i, new ILit(0), BOp.LT, new Len(arr), 1, null, twoD ? List.of(loop) : scoped);
    });
  }

  /** Two groups' labels: {0} or {-1}, then {1, 3} with 3 a literal or the class's constant KN. */
  private static Arbitrary<List<List<E>>> caseLabels() {
    return Combinators.combine(Arbitraries.of(0, -1), Arbitraries.of(new ILit(Oracle.KN), new Named("KN", T.INT)))
        .as((first, three) -> List.of(List.<E>of(new ILit(first)), List.<E>of(new ILit(1), three)));
  }

  private static Arbitrary<S> stmtIfChain(Ctx c, int d) {
    return Combinators.combine(bool(c, 2), block(c, Math.max(0, d), 2), block(c, Math.max(0, d), 2).injectNull(0.5))
        .as((b, th, el) -> new If(b, th, el == null ? List.of() : el));
  }

  // ------------------------------------------------------------------------------------------------ nested loops

  /**
   * A top-level loop with loops nested two or three deep, mostly followed by more statements, so that the loop is not
   * the method's last one and is reversed iteration by iteration instead of being fused with its reverse: a network's
   * sample, hidden-unit and input loops. In 3 of 10 it is the last statement: fused where its iterations' adjoints
   * commute, else (a product, {@code into *= ...}) reversed iteration by iteration as the last loop, with its calls
   * saved and read back by the recomputation too. Each level declares a value that changes per iteration
   * ({@code double t2 = x0 * a[i1 % a.length]}; sometimes assigns an outer variable instead), which the level inside
   * accumulates ({@code t2 += ...}), then applies a Math call to it into the enclosing level's value
   * ({@code t2 += k * Math.tanh(t3)}; the top level's is {@code into}, which the result reads). A level may also carry
   * a product ({@code u *= 1 + 0.1 * ...}: its reverse needs each iteration's value, so the enclosing loop's reverse
   * iteration re-runs it instead of reading its results from a tape), run its inner loop in a branch, leave early by
   * {@code break} or {@code continue}, count down, run over an array's elements, or run zero trips. The mechanisms
   * this reaches (taped nested loops, calls saved for the adjoint, loops re-run inside an enclosing reverse
   * iteration, where only what the reverse needs is computed) are too rare in {@link #block}'s random nesting.
   */
  static Arbitrary<Tuple2<List<S>, E>> nested(Ctx c) {
    return Combinators.combine(Arbitraries.of("s0", "s1"), Arbitraries.frequency(Tuple.of(3, 2), Tuple.of(2, 3)))
        .as(Tuple::of)
        .flatMap(t -> Combinators.combine(nestedLoop(c, t.get2(), t.get1(), null), block(c, 1, 2).injectNull(0.3),
            dbl(c, 1), Arbitraries.of(BOp.ADD, BOp.MUL)).as((loop, after, r, op) -> {
              List<S> body = new ArrayList<>();
              body.add(loop);
              if (after != null) {
                body.addAll(after);
              }
              return Tuple.of(List.copyOf(body), (E) new Bin(op, new Var(t.get1(), T.DOUBLE), r));
            }));
  }

  /**
   * A loop's header in {@link #nested}: the context of its body, a value that changes per iteration (an array element
   * read through the counter, the counter, or the enhanced for's element), and the loop around a body.
   */
  private record Level(Ctx body, Arbitrary<E> varying, java.util.function.Function<List<S>, S> loop) {}

  private static Arbitrary<Level> level(Ctx c) {
    String i = "i" + c.nest;
    String e = "e" + c.nest;
    Ctx counted = c.inLoop(i, null);
    Arbitrary<E> byCounter = freq(
        w(1, () -> Arbitraries.of("a", "b", "w")
            .map(arr -> new Read(arr, new Bin(BOp.REM, new Var(i, T.INT), new Len(arr))))),
        w(1, () -> Arbitraries.just(new Var(i, T.INT))));
    // Mostly two trips or more: a value that a re-run reads stale is then another iteration's.
    Arbitrary<E> trips = freq(w(3, () -> Arbitraries.integers().between(2, 4).map(ILit::new)), w(2, () -> bound(c)));
    return freq(
        w(6, () -> Combinators.combine(Arbitraries.of(0, 0, 1), trips, bool(c, 1).injectNull(0.8))
            .as((from, to, extra) -> new Level(counted, byCounter,
                body -> new For(i, new ILit(from), BOp.LT, to, 1, extra, body)))),
        w(1, () -> trips.map(from -> new Level(counted, byCounter,
            body -> new For(i, new Bin(BOp.SUB, descending(from), new ILit(1)), BOp.GE, new ILit(0), -1, null,
                body)))),
        w(1, () -> Arbitraries.of("a", "b", "w").map(arr -> new Level(c.inLoop(null, e),
            Arbitraries.just(new Var(e, T.DOUBLE)), body -> new ForEach(T.DOUBLE, e, arr, body, false)))));
  }

  /**
   * One level of {@link #nested}, {@code depth} loops deep:
   * {@code [jump] double t = init; [double p = 1.0;] [inner loop, maybe in a branch]; [jump]; into op= k * f(t);
   * [into += p * p;] [product *= 1 + 0.1 * x;] [more]}, the carried product before or after the call. The inner loop
   * accumulates t and multiplies p (a product the level declares, as the network's sample loop would a second
   * output): a variable apart from t, so that what the reverse needs of the inner loop's iterations (p) does not make
   * t's computation needed too, as a product on t itself would.
   */
  static Arbitrary<S> nestedLoop(Ctx c, int depth, String into, String product) {
    return level(c).flatMap(h -> {
      // What the level computes besides the call reads neither into nor t (nor does anything in the loops inside),
      // so that only the call needs them: a re-run that skips what its reverse does not need must still compute them.
      Ctx in = h.body().without(into);
      String declared = "t" + in.nest;
      List<String> assignable = new ArrayList<>(in.dblSet);
      assignable.remove(into);
      assignable.remove(product);
      // The per-iteration value: a local declared here (mostly), or an outer variable assigned here.
      Arbitrary<String> value = freq(
          w(4, () -> Arbitraries.just(declared)), w(1, () -> Arbitraries.of(assignable)));
      return Combinators.combine(value, Arbitraries.of(false, true, true, true).map(p -> p && depth > 1)).as(Tuple::of)
          .flatMap(choice -> {
        String t = choice.get1();
        boolean declare = t.equals(declared);
        Ctx withT = declare ? in.withDouble(t) : in;
        String p = choice.get2() ? "p" + withT.nest : null;
        Ctx body = p != null ? withT.withDouble(p) : withT;
        Arbitrary<List<S>> inner = depth > 1
            ? freq(
                w(4, () -> nestedLoop(body, depth - 1, t, p).map(List::of)),
                w(1, () -> Combinators.combine(bool(in, 1), nestedLoop(body, depth - 1, t, p))
                    .as((b, l) -> List.<S>of(new If(b, List.of(l), List.of())))))
            : Arbitraries.just(List.of());
        Arbitrary<E> init = Combinators.combine(dbl(in, 1), h.varying(), Arbitraries.of(BOp.MUL, BOp.ADD))
            .as((x, v, op) -> new Bin(op, x, v));
        Arbitrary<Tuple2<S, S>> jumps = Combinators.combine(jump(in, 0).injectNull(0.85),
            jump(in, 0).injectNull(0.8)).as(Tuple::of);
        List<String> others = new ArrayList<>(body.dblSet);
        others.removeAll(java.util.Arrays.asList(into, t, p));
        Arbitrary<S> multiply = product != null
            ? freq(w(3, () -> carried(in, product)), w(1, () -> Arbitraries.of(others).flatMap(u -> carried(in, u))))
            : Arbitraries.of(others).flatMap(u -> carried(in, u));
        return Combinators.combine(init, inner, jumps, apply(body, in, into, t),
            multiply.injectNull(product != null ? 0.3 : 0.6), Arbitraries.of(false, true),
            simple(body).injectNull(0.8))
            .as((x, loops, j, call, times, timesFirst, more) -> {
              List<S> rest = new ArrayList<>(loops);
              if (j.get2() != null) {
                rest.add(j.get2());
              }
              if (times != null && timesFirst) {
                rest.add(times);
              }
              rest.add(call);
              if (p != null) {
                rest.add(new Compound(into, T.DOUBLE, BOp.ADD,
                    new Bin(BOp.MUL, new Var(p, T.DOUBLE), new Var(p, T.DOUBLE))));
              }
              if (times != null && !timesFirst) {
                rest.add(times);
              }
              if (more != null) {
                rest.add(more);
              }
              List<S> iteration = p != null
                  ? List.of(new Scope(new Decl(T.DOUBLE, p, new DLit(1.0), false), rest)) : rest;
              List<S> all = new ArrayList<>();
              if (j.get1() != null) {
                all.add(j.get1());
              }
              if (declare) {
                all.add(new Scope(new Decl(T.DOUBLE, t, x, false), iteration));
              } else {
                all.add(new Assign(t, T.DOUBLE, x));
                all.addAll(iteration);
              }
              return h.loop().apply(all);
            });
      });
    });
  }

  /**
   * {@code into += k * f(t)} (or {@code -=}, or {@code into = into * 0.5 + ...}), k mostly differentiable and read
   * in {@code outer} (without t), so that
   * the statement's adjoint evaluates f(t) again (for k's partial) and the call is saved. Mostly f is tanh or exp,
   * whose derivatives are their values again, or the identity: then the adjoint reads nothing of t, and a re-run of
   * the loop must still compute t for the saved call (where the level above uses {@code into} the same way, nothing
   * else needs t). Else another function, smooth wherever t is.
   */
  private static Arbitrary<S> apply(Ctx c, Ctx outer, String into, String t) {
    E v = new Var(t, T.DOUBLE);
    Arbitrary<E> arg = freq(
        w(4, () -> Arbitraries.just(v)),
        w(1, () -> dbl(c, 0).map(x -> new Bin(BOp.MUL, v, x))));
    Arbitrary<E> f = freq(
        w(5, () -> call1(Arbitraries.of(Fn.TANH), arg)),
        w(2, () -> call1(Arbitraries.of(Fn.EXP), scaled(arg, 0.25))),
        w(3, () -> arg),
        w(2, () -> call1(Arbitraries.of(Fn.SIN, Fn.COS, Fn.ATAN), arg)),
        w(1, () -> call1(Arbitraries.of(Fn.EXP, Fn.COSH), call1(Arbitraries.of(Fn.SIN, Fn.TANH), arg))),
        w(1, () -> call1(Arbitraries.of(Fn.LOG, Fn.SQRT),
            arg.map(x -> new Bin(BOp.ADD, new DLit(1.0), new Bin(BOp.MUL, x, x))))),
        w(1, () -> call2(Arbitraries.of(Fn.ATAN2, Fn.HYPOT), arg, pos(c, 0))));
    Arbitrary<E> k = freq(w(4, () -> differentiable(outer)), w(1, () -> dbl(outer, 1)));
    Arbitrary<E> term = Combinators.combine(k, f).as((x, y) -> new Bin(BOp.MUL, x, y));
    return freq(
        w(4, () -> term.map(x -> new Compound(into, T.DOUBLE, BOp.ADD, x))),
        w(1, () -> term.map(x -> new Compound(into, T.DOUBLE, BOp.SUB, x))),
        w(1, () -> term.map(x -> new Assign(into, T.DOUBLE,
            new Bin(BOp.ADD, new Bin(BOp.MUL, new Var(into, T.DOUBLE), new DLit(0.5)), x)))));
  }

  /**
   * {@code u *= 1 + 0.1 * x}: a product carried from iteration to iteration, whose reverse needs each iteration's
   * value, so that the loop is re-run in an enclosing loop's reverse iteration instead of being read from a tape.
   */
  private static Arbitrary<S> carried(Ctx c, String u) {
    return freq(w(2, () -> differentiable(c)), w(1, () -> dbl(c, 1)), w(1, () -> bounded(c, 1)))
        .map(x -> new Compound(u, T.DOUBLE, BOp.MUL,
            new Bin(BOp.ADD, new DLit(1.0), new Bin(BOp.MUL, new DLit(0.1), x))));
  }

  /** A differentiable parameter or element (x0, x1, c may have been reassigned). */
  private static Arbitrary<E> differentiable(Ctx c) {
    return freq(
        w(1, () -> Arbitraries.of("x0", "x1", "x2").map(x -> new Var(x, T.DOUBLE))),
        w(1, () -> Arbitraries.of("a", "b").flatMap(arr -> index(c, arr, 1).map(i -> new Read(arr, i)))));
  }

  // ------------------------------------------------------------------------------------------------ programs

  /**
   * A program: a third of them instance methods, which may read the receiver's fields; a third read the
   * differentiable matrix mm (which has no building blocks, so that most static programs get them checked); half
   * have local arrays. Of every 20, 17 have a random {@link #block} as their body, 3 the {@link #nested} loops.
   */
  static Arbitrary<Program> program() {
    Arbitrary<Boolean> third = Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true));
    return Combinators.combine(third, third, Arbitraries.of(false, true)).as(Tuple::of)
        .flatMap(t -> program(t.get1(), t.get2(), t.get3()));
  }

  static Arbitrary<Program> program(boolean receiver) {
    return program(receiver, false, false);
  }

  static Arbitrary<Program> program(boolean receiver, boolean matrix, boolean arrays) {
    Ctx params = Ctx.parameters(receiver, matrix);
    Arbitrary<List<Decl>> locals =
        Combinators.combine(dbl(params, 2), dbl(params, 1), intExpr(params, 1), longExpr(params, 1),
            bool(params, 1))
            .as((s0, s1, k0, q0, p0) -> List.of(
                new Decl(T.DOUBLE, "s0", s0, false),
                new Decl(T.DOUBLE, "s1", s1, false),
                new Decl(T.INT, "k0", k0, false),
                new Decl(T.LONG, "q0", q0, false),
                new Decl(T.BOOLEAN, "p0", p0, false)));
    Ctx top = Ctx.top(receiver, matrix, arrays);
    Arbitrary<Tuple2<List<S>, E>> shape = freq(
        w(17, () -> Combinators.combine(block(top, 3, 4), dbl(top, 2)).as(Tuple::of)),
        w(3, () -> nested(top)));
    return Combinators.combine(locals, shape, Arbitraries.shuffle(List.of(P.values())), inputs(),
        Arbitraries.of(false, true))
        .as((l, s, order, in, useVar) -> new Program(l, s.get1(), s.get2(), order, in, receiver, useVar));
  }

  private static Arbitrary<Double> real(double lo, double hi) {
    return Arbitraries.doubles().between(lo, hi).ofScale(9);
  }

  private static Arbitrary<double[]> reals(int min, int max, double lo, double hi) {
    return real(lo, hi).list().ofMinSize(min).ofMaxSize(max)
        .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static Arbitrary<int[]> ints(int min, int max, int lo, int hi) {
    return Arbitraries.integers().between(lo, hi).list().ofMinSize(min).ofMaxSize(max)
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
  }

  static Arbitrary<Inputs> inputs() {
    Arbitrary<double[]> xs = reals(4, 4, -2, 2); // x0, x1, x2, c
    Arbitrary<int[]> idx = ints(3, 3, 0, 7);
    Arbitrary<double[][]> mat = reals(9, 9, -2, 2).map(f -> new double[][] {
        {f[0], f[1], f[2]}, {f[3], f[4], f[5]}, {f[6], f[7], f[8]}});
    Arbitrary<boolean[]> mask = Arbitraries.of(true, false).list().ofSize(3).map(l -> {
      boolean[] b = new boolean[3];
      for (int k = 0; k < 3; k++) {
        b[k] = l.get(k);
      }
      return b;
    });
    Arbitrary<long[]> ls = Arbitraries.longs().between(-9, 9).list().ofMinSize(1).ofMaxSize(3)
        .map(l -> l.stream().mapToLong(Long::longValue).toArray());
    Arbitrary<int[][]> imat = ints(6, 6, 0, 7).map(f -> new int[][] {{f[0], f[1], f[2]}, {f[3], f[4], f[5]}});
    Arbitrary<Ast.Receiver> self = Combinators.combine(real(-2, 2), Arbitraries.integers().between(0, 4),
        Arbitraries.longs().between(-5, 5), Arbitraries.of(true, false), reals(1, 3, -2, 2), ints(1, 3, 0, 7))
        .as(Ast.Receiver::new);
    Arbitrary<Object[]> ints = Combinators.combine(Arbitraries.integers().between(0, 4), idx,
        Arbitraries.longs().between(-5, 5), Arbitraries.of(true, false), mask, ls, imat)
        .as((n, i, m, flag, mk, l, im) -> new Object[] {n, i, m, flag, mk, l, im});
    Arbitrary<double[][]> mm = reals(6, 6, -2, 2).map(f -> new double[][] {{f[0], f[1], f[2]}, {f[3], f[4], f[5]}});
    return Combinators.combine(xs, reals(1, 4, -2, 2), reals(1, 4, -2, 2), reals(3, 3, -2, 2), ints, mat, self,
        reals(17, 17, -1, 1))
        .as((x, a, b, w, o, m, s, v) -> new Inputs(x[0], x[1], x[2], a, b, x[3], w, (Integer) o[0], (int[]) o[1],
            (Long) o[2], (Boolean) o[3], m, (boolean[]) o[4], (long[]) o[5], (int[][]) o[6], s, v, null))
        .flatMap(in -> mm.map(in::withMm));
  }

  /** Batches of programs compiled together: always the maximal size when generated, smaller when shrunk. */
  static Arbitrary<List<Program>> batches(int size) {
    return program().list().ofMinSize(1).ofMaxSize(size).withSizeDistribution(new RandomDistribution() {
      @Override
      public RandomNumericGenerator createGenerator(int genSize, BigInteger min, BigInteger max, BigInteger center) {
        return random -> max;
      }
    });
  }
}
