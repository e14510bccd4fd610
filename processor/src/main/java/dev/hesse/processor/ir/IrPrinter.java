package dev.hesse.processor.ir;

import java.util.List;
import java.util.function.Function;

/**
 * Prints IR as Java source. Parentheses follow the tree exactly (never re-associating), so that the printed primal
 * code evaluates in the same order, with the same rounding, as the user's source.
 */
public final class IrPrinter {
  private static final int CONDITIONAL = 2;
  private static final int CAST = 13;
  private static final int ATOM = 16;

  private final Function<Variable, String> names;
  private Function<String, String> classNames = Function.identity();

  public IrPrinter(Function<Variable, String> names) {
    this.names = names;
  }

  /** How to print a class's canonical name (e.g. without the package, where the generated code is in it). */
  public void useClassNames(Function<String, String> classNames) {
    this.classNames = classNames;
  }

  /** A printer that uses each variable's preferred name: for debugging and the IR dump. */
  public static IrPrinter debug() {
    return new IrPrinter(Variable::name);
  }

  public String name(Variable v) {
    return names.apply(v);
  }

  public String print(Expr e) {
    StringBuilder sb = new StringBuilder();
    print(e, sb);
    return sb.toString();
  }

  private static int precedence(Expr e) {
    if (e instanceof Expr.Binary b) {
      return b.op().precedence();
    }
    if (e instanceof Expr.Unary) {
      return Op.NEG.precedence();
    }
    if (e instanceof Expr.Conditional) {
      return CONDITIONAL;
    }
    if (e instanceof Expr.Cast) {
      return CAST;
    }
    if (e instanceof Expr.Literal l && l.value() instanceof Number n && n.doubleValue() < 0) {
      return Op.NEG.precedence();
    }
    if (e instanceof Expr.Literal l && l.value() instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return ATOM;
    }
    return ATOM;
  }

  private void printOperand(Expr e, int minPrecedence, StringBuilder sb) {
    if (precedence(e) < minPrecedence) {
      sb.append('(');
      print(e, sb);
      sb.append(')');
    } else {
      print(e, sb);
    }
  }

  private void print(Expr e, StringBuilder sb) {
    if (e instanceof Expr.Literal l) {
      sb.append(literal(l));
    } else if (e instanceof Expr.Ref r) {
      sb.append(names.apply(r.variable()));
    } else if (e instanceof Expr.FieldRef f) {
      String owner = f.ownerQualifiedName().equals(Expr.FieldRef.RECEIVER)
          ? f.ownerQualifiedName()
          : classNames.apply(f.ownerQualifiedName());
      sb.append(owner).append('.').append(f.name());
    } else if (e instanceof Expr.Index i) {
      printOperand(i.array(), ATOM, sb);
      sb.append('[');
      print(i.index(), sb);
      sb.append(']');
    } else if (e instanceof Expr.Length l) {
      printOperand(l.array(), ATOM, sb);
      sb.append(".length");
    } else if (e instanceof Expr.Unary u) {
      sb.append(u.op().symbol());
      // "- -x" and "--x" differ; a space-free "-(-x)" keeps it unambiguous.
      Expr operand = u.operand();
      boolean nestedSign =
          operand instanceof Expr.Unary inner && inner.op() == Op.NEG
              || operand instanceof Expr.Literal lit
                  && lit.value() instanceof Number n
                  && (n.doubleValue() < 0 || Double.valueOf(-0.0).equals(n));
      if (nestedSign) {
        sb.append('(');
        print(operand, sb);
        sb.append(')');
      } else {
        printOperand(operand, Op.NEG.precedence(), sb);
      }
    } else if (e instanceof Expr.Binary b) {
      int p = b.op().precedence();
      printOperand(b.left(), p, sb);
      sb.append(' ').append(b.op().symbol()).append(' ');
      // Left-associative: an equal-precedence right operand keeps its parentheses.
      printOperand(b.right(), p + 1, sb);
    } else if (e instanceof Expr.Call c) {
      sb.append(c.strict() ? "StrictMath." : "Math.").append(c.function().javaName()).append('(');
      List<Expr> args = c.args();
      for (int k = 0; k < args.size(); k++) {
        if (k > 0) {
          sb.append(", ");
        }
        print(args.get(k), sb);
      }
      sb.append(')');
    } else if (e instanceof Expr.Conditional c) {
      printOperand(c.condition(), CONDITIONAL + 1, sb);
      sb.append(" ? ");
      printOperand(c.ifTrue(), CONDITIONAL + 1, sb);
      sb.append(" : ");
      printOperand(c.ifFalse(), CONDITIONAL, sb);
    } else if (e instanceof Expr.Cast c) {
      sb.append('(').append(c.type().javaName()).append(") ");
      printOperand(c.operand(), CAST, sb);
    } else if (e instanceof Expr.Invoke i) {
      Callee c = i.callee();
      boolean value = i.variant() == Expr.Invoke.Variant.VALUE;
      printCall(value ? c.owner() : c.derivatives(), value ? c.name() : c.tangentName(), i.args(), sb);
    } else if (e instanceof Expr.NewArray n) {
      Type element = n.type();
      while (element.isArray()) {
        element = element.element();
      }
      sb.append("new ").append(element.javaName());
      for (Expr d : n.dimensions()) {
        sb.append('[');
        print(d, sb);
        sb.append(']');
      }
    } else {
      throw new IllegalArgumentException("unknown expression " + e);
    }
  }

  private void printCall(String owner, String method, List<Expr> args, StringBuilder sb) {
    String qualifier = classNames.apply(owner);
    if (!qualifier.isEmpty()) {
      sb.append(qualifier).append('.');
    }
    sb.append(method).append('(');
    for (int k = 0; k < args.size(); k++) {
      if (k > 0) {
        sb.append(", ");
      }
      print(args.get(k), sb);
    }
    sb.append(')');
  }

  /** A call of a callee's building block, as a Java statement (without the semicolon). */
  public String print(Stmt.Pullback p) {
    StringBuilder sb = new StringBuilder();
    printCall(p.callee().derivatives(), p.callee().pullbackName(), p.arguments(), sb);
    return sb.toString();
  }

  public String print(Stmt.PullbackTangent p) {
    StringBuilder sb = new StringBuilder();
    printCall(p.callee().derivatives(), p.callee().pullbackTangentName(), p.arguments(), sb);
    return sb.toString();
  }

  public static String literal(Expr.Literal l) {
    Object v = l.value();
    switch (l.type()) {
      case DOUBLE:
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d)) {
          return "Double.NaN";
        }
        if (Double.isInfinite(d)) {
          return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(d);
      case LONG:
        return ((Number) v).longValue() + "L";
      case INT:
        return Integer.toString(((Number) v).intValue());
      case BOOLEAN:
        return v.toString();
      default:
        throw new IllegalArgumentException("no literal of type " + l.type());
    }
  }

  /** The statements as Java source, for the IR dump and for tests. */
  public String print(List<Stmt> stmts) {
    StringBuilder sb = new StringBuilder();
    print(stmts, "", sb);
    return sb.toString();
  }

  private void print(List<Stmt> stmts, String indent, StringBuilder sb) {
    for (Stmt s : stmts) {
      print(s, indent, sb);
    }
  }

  private void print(Stmt s, String indent, StringBuilder sb) {
    sb.append(indent);
    if (s instanceof Stmt.Assign a) {
      sb.append(name(a.target())).append(" = ").append(print(a.value())).append(";\n");
    } else if (s instanceof Stmt.ArrayUpdate u) {
      sb.append(name(u.array())).append('[').append(print(u.index())).append(']');
      sb.append(u.accumulate() ? " += " : " = ").append(print(u.value())).append(";\n");
    } else if (s instanceof Stmt.Store st) {
      sb.append(print(st.target())).append(" = ").append(print(st.value())).append(";\n");
    } else if (s instanceof Stmt.PopInto p) {
      sb.append(print(p.target())).append(" = pop();\n");
    } else if (s instanceof Stmt.Fill f) {
      sb.append("fill(").append(name(f.array())).append(", ").append(print(f.value())).append(");\n");
    } else if (s instanceof Stmt.ZeroOutside z) {
      sb.append("zeroOutside(").append(name(z.array())).append(", ").append(print(z.from())).append(", ")
          .append(print(z.to())).append(");\n");
    } else if (s instanceof Stmt.If i) {
      sb.append("if (").append(print(i.condition())).append(") {\n");
      print(i.then(), indent + "  ", sb);
      if (!i.otherwise().isEmpty()) {
        sb.append(indent).append("} else {\n");
        print(i.otherwise(), indent + "  ", sb);
      }
      sb.append(indent).append("}\n");
    } else if (s instanceof Stmt.Loop l) {
      sb.append(l.kind()).append(" (").append(print(l.condition())).append(") {\n");
      print(l.body(), indent + "  ", sb);
      if (!l.update().isEmpty()) {
        sb.append(indent).append("  // update\n");
        print(l.update(), indent + "  ", sb);
      }
      sb.append(indent).append("}\n");
    } else if (s instanceof Stmt.Break) {
      sb.append("break;\n");
    } else if (s instanceof Stmt.Continue) {
      sb.append("continue;\n");
    } else if (s instanceof Stmt.Return r) {
      sb.append("return ").append(print(r.value())).append(";\n");
    } else if (s instanceof Stmt.Push p) {
      sb.append(p.tape() == null ? "push(" : p.tape().name() + ".push(").append(print(p.value())).append(");\n");
    } else if (s instanceof Stmt.Pop p) {
      sb.append(name(p.target())).append(p.tape() == null ? " = pop();\n" : " = " + p.tape().name() + ".pop();\n");
    } else if (s instanceof Stmt.Record r) {
      sb.append("record(").append(print(r.value())).append(");\n");
    } else if (s instanceof Stmt.Replay r) {
      sb.append(name(r.target())).append(" = replay();\n");
    } else if (s instanceof Stmt.Pullback p) {
      sb.append(print(p)).append(";\n");
    } else if (s instanceof Stmt.PullbackTangent p) {
      sb.append(print(p)).append(";\n");
    } else if (s instanceof Stmt.Comment c) {
      sb.append("// ").append(c.text()).append('\n');
    }
  }
}
