package dev.hesse.processor.ir;

/** Unary and binary operators, with Java's spelling and precedence (higher binds tighter). */
public enum Op {
  NEG("-", 14),
  NOT("!", 14),
  BIT_NOT("~", 14),
  MUL("*", 12),
  DIV("/", 12),
  REM("%", 12),
  ADD("+", 11),
  SUB("-", 11),
  SHL("<<", 10),
  SHR(">>", 10),
  USHR(">>>", 10),
  LT("<", 9),
  LE("<=", 9),
  GT(">", 9),
  GE(">=", 9),
  EQ("==", 8),
  NE("!=", 8),
  BIT_AND("&", 7),
  BIT_XOR("^", 6),
  BIT_OR("|", 5),
  AND("&&", 4),
  OR("||", 3);

  private final String symbol;
  private final int precedence;

  Op(String symbol, int precedence) {
    this.symbol = symbol;
    this.precedence = precedence;
  }

  public String symbol() {
    return symbol;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isComparison() {
    return this == LT || this == LE || this == GT || this == GE || this == EQ || this == NE;
  }

  public boolean isLogical() {
    return this == AND || this == OR || this == NOT;
  }
}
