package dev.hesse.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.hesse.processor.ir.Expr;
import dev.hesse.processor.ir.Exprs;
import dev.hesse.processor.ir.IrPrinter;
import dev.hesse.processor.ir.Op;
import dev.hesse.processor.ir.Stmt;
import dev.hesse.processor.ir.Tape;
import dev.hesse.processor.ir.Type;
import dev.hesse.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one IR body as Java statements. Every variable gets a distinct name (see {@link #newName}), the parameters
 * theirs; a variable first assigned at the top level is declared there, the others (those a loop or
 * branch reaches first, or both sweeps share) are declared at the top.
 */
final class MethodEmitter {
  static final ClassName DOUBLE_STACK = ClassName.get("dev.hesse.support", "DoubleStack");
  static final ClassName INT_STACK = ClassName.get("dev.hesse.support", "IntStack");
  static final ClassName LONG_STACK = ClassName.get("dev.hesse.support", "LongStack");
  private static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  private static final ClassName OUTPUTS = ClassName.get("dev.hesse.support", "Outputs");

  private final Set<String> usedNames = new HashSet<>();
  private final Map<Variable, String> assigned = new IdentityHashMap<>();
  private final IrPrinter printer = new IrPrinter(this::name);
  private final Map<Type, String> stackNames = new java.util.EnumMap<>(Type.class);
  private final Map<Tape, String> tapeNames = new IdentityHashMap<>();

  /** The tape of a linearised operator and the replay position, when the body records or replays one. */
  private String tape = "tape";
  private String tapePosition = "tapePosition";

  void useTape(String tapeName, String positionName) {
    this.tape = tapeName;
    this.tapePosition = positionName;
  }

  MethodEmitter(List<Variable> parameters, Set<String> reserved) {
    for (String r : reserved) {
      newName(r);
    }
    for (Variable p : parameters) {
      assigned.put(p, newName(p.name()));
    }
  }

  /**
   * {@code suggestion} if no other variable of the method has it yet, else the first free of {@code suggestion2},
   * {@code suggestion3}, ... ({@code t2_2}, {@code t2_3} for a name ending in a digit): the second loop's
   * {@code i} becomes {@code i2}, the tenth branch's record {@code tookBranch10}.
   */
  private String newName(String suggestion) {
    String name = suggestion;
    String stem = Character.isDigit(suggestion.charAt(suggestion.length() - 1)) ? suggestion + "_" : suggestion;
    for (int k = 2; usedNames.contains(name) || javax.lang.model.SourceVersion.isKeyword(name); k++) {
      name = stem + k;
    }
    usedNames.add(name);
    return name;
  }

  /**
   * Prints classes of {@code packageName} by their simple (or nested) names, as a person would write them, unless a
   * parameter's name would shadow the class; calls of {@code self}'s own methods go unqualified.
   */
  void shortenClassNamesIn(String packageName, String self) {
    String prefix = packageName.isEmpty() ? "" : packageName + ".";
    printer.useClassNames(
        canonical -> {
          if (canonical.equals(self)) {
            return "";
          }
          if (prefix.isEmpty() || !canonical.startsWith(prefix)) {
            return canonical;
          }
          String rest = canonical.substring(prefix.length());
          String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
          return assigned.containsValue(first) ? canonical : rest;
        });
  }

  String name(Variable v) {
    return assigned.computeIfAbsent(v, k -> newName(k.name()));
  }

  String print(Expr e) {
    return printer.print(e);
  }

  /** The body, with declarations and the saved-value stacks it needs. */
  CodeBlock body(List<Stmt> stmts) {
    Set<Variable> all = new LinkedHashSet<>();
    collectVariables(stmts, all);
    all.removeAll(assigned.keySet());
    Set<Variable> declaredInline = declaredInline(stmts, all);
    Code code = new Code();
    Set<Type> stackTypes = stackTypes(stmts);
    if (stackTypes.contains(Type.DOUBLE)) {
      code.addStatement("$T $L = new $T()", DOUBLE_STACK, stackName(Type.DOUBLE), DOUBLE_STACK);
    }
    if (stackTypes.contains(Type.INT)) {
      code.addStatement("$T $L = new $T()", INT_STACK, stackName(Type.INT), INT_STACK);
    }
    if (stackTypes.contains(Type.LONG)) {
      code.addStatement("$T $L = new $T()", LONG_STACK, stackName(Type.LONG), LONG_STACK);
    }
    for (Tape t : tapes(stmts, new LinkedHashSet<>())) {
      ClassName stack = stackClass(t.element());
      code.addStatement("$T $L = new $T()", stack, tapeName(t), stack);
    }
    for (Variable v : all) {
      if (!declaredInline.contains(v)) {
        code.addStatement("$L $L = $L", v.type().javaName(), name(v), defaultValue(v.type()));
      }
    }
    Set<Variable> pendingInline = new LinkedHashSet<>(declaredInline);
    emitStatements(stmts, code, pendingInline);
    return code.build();
  }

  /**
   * The variables declared where they are first assigned rather than at the top: those whose occurrences all lie in
   * one block (the body, a branch or a loop body) whose first statement mentioning the variable assigns it without
   * reading it. Each then holds, wherever it is read, a value that block assigned: in a loop body, this iteration's.
   */
  private static Set<Variable> declaredInline(List<Stmt> body, Set<Variable> candidates) {
    // A block is addressed by its path from the body: pairs (statement index, 0 then / 1 else / 2 loop body).
    Map<Variable, List<Integer>> paths = new IdentityHashMap<>();
    blocks(body, new ArrayList<>(), paths);
    Map<List<Integer>, Set<Variable>> byBlock = new java.util.HashMap<>();
    for (Map.Entry<Variable, List<Integer>> e : paths.entrySet()) {
      if (candidates.contains(e.getKey())) {
        byBlock.computeIfAbsent(e.getValue(), k -> new LinkedHashSet<>()).add(e.getKey());
      }
    }
    Set<Variable> out = new LinkedHashSet<>();
    for (Map.Entry<List<Integer>, Set<Variable>> e : byBlock.entrySet()) {
      List<Stmt> block = body;
      List<Integer> path = e.getKey();
      for (int k = 0; k + 1 < path.size(); k += 2) {
        Stmt s = block.get(path.get(k));
        int part = path.get(k + 1);
        block = s instanceof Stmt.If i ? (part == 0 ? i.then() : i.otherwise()) : ((Stmt.Loop) s).body();
      }
      Set<Variable> pending = e.getValue();
      for (int k = 0; k < block.size() && !pending.isEmpty(); k++) {
        Stmt s = block.get(k);
        Set<Variable> mentioned = new LinkedHashSet<>();
        collectVariables(List.of(s), mentioned);
        for (java.util.Iterator<Variable> it = pending.iterator(); it.hasNext(); ) {
          Variable v = it.next();
          if (!mentioned.contains(v)) {
            continue;
          }
          it.remove();
          boolean loopCounter =
              k + 1 < block.size() && block.get(k + 1) instanceof Stmt.Loop l && l.headerLocals().contains(v);
          boolean assigns =
              s instanceof Stmt.Assign a && a.target() == v && !Exprs.reads(a.value()).contains(v)
                  || s instanceof Stmt.Replay r && r.target() == v;
          if (assigns && !loopCounter) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  /** For each variable, the longest block path that contains all its occurrences. */
  private static void blocks(List<Stmt> block, List<Integer> path, Map<Variable, List<Integer>> paths) {
    for (int k = 0; k < block.size(); k++) {
      Stmt s = block.get(k);
      Set<Variable> here = new LinkedHashSet<>();
      if (s instanceof Stmt.If i) {
        Exprs.collectReads(i.condition(), here);
      } else if (s instanceof Stmt.Loop l) {
        Exprs.collectReads(l.condition(), here);
        collectVariables(l.update(), here); // the update is not a block of its own
      } else {
        collectVariables(List.of(s), here);
      }
      for (Variable v : here) {
        List<Integer> known = paths.get(v);
        if (known == null) {
          paths.put(v, new ArrayList<>(path));
        } else {
          int common = 0;
          while (common < known.size() && common < path.size() && known.get(common).equals(path.get(common))) {
            common++;
          }
          known.subList(common - common % 2, known.size()).clear();
        }
      }
      if (s instanceof Stmt.If i) {
        for (int part = 0; part < 2; part++) {
          path.add(k);
          path.add(part);
          blocks(part == 0 ? i.then() : i.otherwise(), path, paths);
          path.subList(path.size() - 2, path.size()).clear();
        }
      } else if (s instanceof Stmt.Loop l) {
        path.add(k);
        path.add(2);
        blocks(l.body(), path, paths);
        path.subList(path.size() - 2, path.size()).clear();
      }
    }
  }

  private static String defaultValue(Type t) {
    switch (t) {
      case DOUBLE:
        return "0.0";
      case INT:
        return "0";
      case LONG:
        return "0L";
      case BOOLEAN:
        return "false";
      default:
        return "null";
    }
  }

  private static Set<Type> stackTypes(List<Stmt> stmts) {
    Set<Type> out = new LinkedHashSet<>();
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Push p && p.tape() == null) {
        out.add(stackType(p.value().type()));
      } else if (s instanceof Stmt.Pop p && p.tape() == null) {
        out.add(stackType(p.target().type()));
      } else if (s instanceof Stmt.PopInto p) {
        out.add(stackType(p.target().type()));
      } else if (s instanceof Stmt.If i) {
        out.addAll(stackTypes(i.then()));
        out.addAll(stackTypes(i.otherwise()));
      } else if (s instanceof Stmt.Loop l) {
        out.addAll(stackTypes(l.body()));
        out.addAll(stackTypes(l.update()));
      }
    }
    return out;
  }

  private static Type stackType(Type t) {
    return t == Type.BOOLEAN ? Type.INT : t;
  }

  private static ClassName stackClass(Type t) {
    switch (stackType(t)) {
      case DOUBLE:
        return DOUBLE_STACK;
      case LONG:
        return LONG_STACK;
      default:
        return INT_STACK;
    }
  }

  /** The dedicated tapes the statements push to or pop from, in order of first use. */
  private static Set<Tape> tapes(List<Stmt> stmts, Set<Tape> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Push p && p.tape() != null) {
        out.add(p.tape());
      } else if (s instanceof Stmt.Pop p && p.tape() != null) {
        out.add(p.tape());
      } else if (s instanceof Stmt.If i) {
        tapes(i.then(), out);
        tapes(i.otherwise(), out);
      } else if (s instanceof Stmt.Loop l) {
        tapes(l.body(), out);
        tapes(l.update(), out);
      }
    }
    return out;
  }

  private String tapeName(Tape t) {
    return tapeNames.computeIfAbsent(t, k -> newName(k.name()));
  }

  private static void collectVariables(List<Stmt> stmts, Set<Variable> out) {
    for (Stmt s : stmts) {
      if (s instanceof Stmt.Assign a) {
        out.add(a.target());
        Exprs.collectReads(a.value(), out);
      } else if (s instanceof Stmt.ArrayUpdate u) {
        out.add(u.array());
        Exprs.collectReads(u.index(), out);
        Exprs.collectReads(u.value(), out);
      } else if (s instanceof Stmt.Fill f) {
        out.add(f.array());
      } else if (s instanceof Stmt.Store st) {
        Exprs.collectReads(st.target(), out);
        Exprs.collectReads(st.value(), out);
      } else if (s instanceof Stmt.PopInto p) {
        Exprs.collectReads(p.target(), out);
      } else if (s instanceof Stmt.ZeroOutside z) {
        out.add(z.array());
        Exprs.collectReads(z.from(), out);
        Exprs.collectReads(z.to(), out);
      } else if (s instanceof Stmt.Push p) {
        Exprs.collectReads(p.value(), out);
      } else if (s instanceof Stmt.Pop p) {
        out.add(p.target());
      } else if (s instanceof Stmt.Record r) {
        Exprs.collectReads(r.value(), out);
      } else if (s instanceof Stmt.Replay r) {
        out.add(r.target());
      } else if (s instanceof Stmt.Return r) {
        Exprs.collectReads(r.value(), out);
      } else if (s instanceof Stmt.Pullback p) {
        p.arguments().forEach(a -> Exprs.collectReads(a, out));
      } else if (s instanceof Stmt.PullbackTangent p) {
        p.arguments().forEach(a -> Exprs.collectReads(a, out));
      } else if (s instanceof Stmt.If i) {
        Exprs.collectReads(i.condition(), out);
        collectVariables(i.then(), out);
        collectVariables(i.otherwise(), out);
      } else if (s instanceof Stmt.Loop l) {
        Exprs.collectReads(l.condition(), out);
        collectVariables(l.body(), out);
        collectVariables(l.update(), out);
      }
    }
  }

  private void emitStatements(List<Stmt> stmts, Code code, Set<Variable> pendingInline) {
    for (int k = 0; k < stmts.size(); k++) {
      Stmt s = stmts.get(k);
      // for (i = 0; ...): a counter's initialisation right before its loop goes into the header.
      if (s instanceof Stmt.Assign a
          && k + 1 < stmts.size()
          && stmts.get(k + 1) instanceof Stmt.Loop l
          && l.kind() == Stmt.Loop.Kind.FOR
          && l.headerLocals().contains(a.target())
          && !pendingInline.contains(a.target())
          && canBeHeader(l.update())) {
        emitLoop(l, assignment(a), code, pendingInline);
        k++;
        continue;
      }
      emit(s, code, pendingInline);
    }
  }

  private void emit(Stmt s, Code code, Set<Variable> pendingInline) {
    if (s instanceof Stmt.Assign a) {
      if (pendingInline.remove(a.target())) {
        code.addStatement("$L $L = $L", a.target().type().javaName(), name(a.target()), print(a.value()));
      } else {
        code.addStatement("$L", assignment(a));
      }
    } else if (s instanceof Stmt.ArrayUpdate u) {
      if (u.accumulate() && u.value() instanceof Expr.Unary neg && neg.op() == Op.NEG) {
        code.addStatement("$L[$L] -= $L", name(u.array()), print(u.index()), print(neg.operand()));
      } else {
        code.addStatement(
            "$L[$L] $L $L", name(u.array()), print(u.index()), u.accumulate() ? "+=" : "=", print(u.value()));
      }
    } else if (s instanceof Stmt.Fill f) {
      code.addStatement("$T.fill($L, $L)", ARRAYS, name(f.array()), print(f.value()));
    } else if (s instanceof Stmt.Store st) {
      code.addStatement("$L", store(st));
    } else if (s instanceof Stmt.PopInto p) {
      String pop = p.target().type() == Type.BOOLEAN ? "popBoolean()" : "pop()";
      code.addStatement("$L = $L.$L", print(p.target()), stackName(p.target().type()), pop);
    } else if (s instanceof Stmt.ZeroOutside z) {
      code.addStatement("$T.zeroOutside($L, $L, $L)", OUTPUTS, name(z.array()), print(z.from()), print(z.to()));
    } else if (s instanceof Stmt.If i) {
      emitIf(i, code, pendingInline);
    } else if (s instanceof Stmt.Loop l) {
      emitLoop(l, "", code, pendingInline);
    } else if (s instanceof Stmt.Return r) {
      code.addStatement("return $L", print(r.value()));
    } else if (s instanceof Stmt.Push p) {
      String stack = p.tape() != null ? tapeName(p.tape()) : stackName(p.value().type());
      code.addStatement("$L.push($L)", stack, print(p.value()));
    } else if (s instanceof Stmt.Pop p) {
      String pop = p.target().type() == Type.BOOLEAN ? "popBoolean()" : "pop()";
      String stack = p.tape() != null ? tapeName(p.tape()) : stackName(p.target().type());
      code.addStatement("$L = $L.$L", name(p.target()), stack, pop);
    } else if (s instanceof Stmt.Record r) {
      Expr value = r.value();
      String text = value.type() == Type.BOOLEAN ? "(" + print(value) + " ? 1.0 : 0.0)" : print(value);
      code.addStatement("$L.push($L)", tape, text);
    } else if (s instanceof Stmt.Replay r) {
      String read = tape + ".get(" + tapePosition + "++)";
      switch (r.target().type()) {
        case INT:
          read = "(int) " + read;
          break;
        case BOOLEAN:
          read = read + " != 0.0";
          break;
        default:
          break;
      }
      if (pendingInline.remove(r.target())) {
        code.addStatement("$L $L = $L", r.target().type().javaName(), name(r.target()), read);
      } else {
        code.addStatement("$L = $L", name(r.target()), read);
      }
    } else if (s instanceof Stmt.Pullback p) {
      code.addStatement("$L", printer.print(p));
    } else if (s instanceof Stmt.PullbackTangent p) {
      code.addStatement("$L", printer.print(p));
    } else if (s instanceof Stmt.Comment c) {
      code.add("// $L\n", c.text());
    } else {
      throw new IllegalStateException("cannot emit " + s);
    }
  }

  /** The stack for values of type {@code t}, named through the allocator so that no user name can clash. */
  private String stackName(Type t) {
    switch (stackType(t)) {
      case DOUBLE:
        return stackNames.computeIfAbsent(Type.DOUBLE, k -> newName("savedDoubles"));
      case LONG:
        return stackNames.computeIfAbsent(Type.LONG, k -> newName("savedLongs"));
      default:
        return stackNames.computeIfAbsent(Type.INT, k -> newName("savedInts"));
    }
  }

  private void emitIf(Stmt.If i, Code code, Set<Variable> pendingInline) {
    if (i.then().isEmpty() && !i.otherwise().isEmpty()) {
      code.beginControlFlow("if ($L)", print(Exprs.not(i.condition())));
      emitStatements(i.otherwise(), code, pendingInline);
      code.endControlFlow();
      return;
    }
    code.beginControlFlow("if ($L)", print(i.condition()));
    emitStatements(i.then(), code, pendingInline);
    List<Stmt> otherwise = i.otherwise();
    while (otherwise.size() == 1 && otherwise.get(0) instanceof Stmt.If nested && !nested.then().isEmpty()) {
      code.nextControlFlow("else if ($L)", print(nested.condition()));
      emitStatements(nested.then(), code, pendingInline);
      otherwise = nested.otherwise();
    }
    if (!otherwise.isEmpty()) {
      code.nextControlFlow("else");
      emitStatements(otherwise, code, pendingInline);
    }
    code.endControlFlow();
  }

  private static boolean canBeHeader(List<Stmt> update) {
    return update.stream().allMatch(u -> u instanceof Stmt.Assign);
  }

  private void emitLoop(Stmt.Loop l, String init, Code code, Set<Variable> pendingInline) {
    String cond = print(l.condition());
    switch (l.kind()) {
      case DO_WHILE:
        code.beginControlFlow("do");
        emitStatements(l.body(), code, pendingInline);
        code.endControlFlow("while ($L)", cond);
        return;
      case WHILE:
        code.beginControlFlow("while ($L)", cond);
        emitStatements(l.body(), code, pendingInline);
        code.endControlFlow();
        return;
      default:
        if (canBeHeader(l.update())) {
          List<String> updates = new ArrayList<>();
          for (Stmt u : l.update()) {
            updates.add(assignment((Stmt.Assign) u));
          }
          code.beginControlFlow("for ($L; $L; $L)", init, cond, String.join(", ", updates));
          emitStatements(l.body(), code, pendingInline);
        } else {
          code.beginControlFlow("for ($L; $L; )", init, cond);
          emitStatements(l.body(), code, pendingInline);
          emitStatements(l.update(), code, pendingInline);
        }
        code.endControlFlow();
    }
  }

  /** An element write, in its compound form ({@code h[i] += e}) where the value starts with the element. */
  private String store(Stmt.Store st) {
    String target = print(st.target());
    if (st.value() instanceof Expr.Binary b && b.left().equals(st.target()) && b.type() == st.target().type()) {
      switch (b.op()) {
        case ADD:
          if (b.right() instanceof Expr.Unary neg && neg.op() == Op.NEG) {
            return target + " -= " + print(neg.operand());
          }
          return target + " += " + print(b.right());
        case SUB:
        case MUL:
        case DIV:
          return target + " " + b.op().symbol() + "= " + print(b.right());
        default:
          break;
      }
    }
    return target + " = " + print(st.value());
  }

  /** An assignment as a Java expression, in its compound form where that reads better. */
  private String assignment(Stmt.Assign a) {
    String target = name(a.target());
    if (a.value() instanceof Expr.Binary b
        && b.left() instanceof Expr.Ref r
        && r.variable() == a.target()
        && b.type() == a.target().type()) {
      boolean one = b.right() instanceof Expr.Literal lit && lit.isNumber(1) && a.target().type().isIntegral();
      switch (b.op()) {
        case ADD:
          if (b.right() instanceof Expr.Unary neg && neg.op() == Op.NEG && a.target().role() == Variable.Role.ADJOINT) {
            return target + " -= " + print(neg.operand());
          }
          return one ? target + "++" : target + " += " + print(b.right());
        case SUB:
          return one ? target + "--" : target + " -= " + print(b.right());
        case MUL:
        case DIV:
          return target + " " + b.op().symbol() + "= " + print(b.right());
        default:
          break;
      }
    }
    if (a.value() instanceof Expr.Binary b && b.op() == Op.ADD && b.right() instanceof Expr.Ref r
        && r.variable() == a.target() && a.target().role() == Variable.Role.ADJOINT) {
      return target + " += " + print(b.left());
    }
    return target + " = " + print(a.value());
  }

  /**
   * The body as one {@link CodeBlock}: the text is built here, and JavaPoet sees a single format string (with $T
   * only for the types it imports), which is much cheaper for it than a code block per statement. Same output as
   * {@code CodeBlock.Builder}'s addStatement and control-flow methods with a two-space indent.
   */
  private static final class Code {
    private final StringBuilder format = new StringBuilder();
    private final List<Object> types = new ArrayList<>();
    private int indent;
    private boolean lineStart = true;

    void addStatement(String fmt, Object... args) {
      add(fmt, args);
      text(";\n");
    }

    void beginControlFlow(String fmt, Object... args) {
      add(fmt, args);
      text(" {\n");
      indent++;
    }

    void nextControlFlow(String fmt, Object... args) {
      indent--;
      text("} ");
      add(fmt, args);
      text(" {\n");
      indent++;
    }

    void endControlFlow() {
      indent--;
      text("}\n");
    }

    void endControlFlow(String fmt, Object... args) {
      indent--;
      text("} ");
      add(fmt, args);
      text(";\n");
    }

    /** A format with $L (any value, as text) and $T (a type, imported by JavaPoet) placeholders. */
    void add(String fmt, Object... args) {
      int next = 0;
      int from = 0;
      for (int k = fmt.indexOf('$'); k >= 0; k = fmt.indexOf('$', from)) {
        text(fmt.substring(from, k));
        char kind = fmt.charAt(k + 1);
        if (kind == 'L') {
          text(String.valueOf(args[next++]));
        } else if (kind == 'T') {
          indentIfAtLineStart();
          format.append("$T");
          types.add(args[next++]);
        } else {
          throw new IllegalArgumentException("unsupported placeholder in " + fmt);
        }
        from = k + 2;
      }
      text(fmt.substring(from));
    }

    private void text(String t) {
      for (int k = 0; k < t.length(); k++) {
        char c = t.charAt(k);
        if (c != '\n') {
          indentIfAtLineStart();
        }
        if (c == '$') {
          format.append("$$");
        } else {
          format.append(c);
        }
        lineStart = c == '\n';
      }
    }

    private void indentIfAtLineStart() {
      if (lineStart) {
        for (int k = 0; k < indent; k++) {
          format.append("  ");
        }
        lineStart = false;
      }
    }

    CodeBlock build() {
      return CodeBlock.builder().add(format.toString(), types.toArray()).build();
    }
  }
}
