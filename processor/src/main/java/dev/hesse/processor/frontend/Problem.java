package dev.hesse.processor.frontend;

/**
 * Every error Hesse reports, with a stable id. Each message says what is not supported and what to do instead; the
 * id appears in brackets at the start of the javac error ({@code [HesseAllocation] ...}) so that users can search for
 * it in the README and tests can assert it.
 *
 * <p>Rule: every constant here has a diagnostics test that asserts its id and the line it points at.
 */
public enum Problem {
  NOT_JAVAC("HesseNotJavac"),
  SIGNATURE("HesseSignature"),
  UNSUPPORTED_TYPE("HesseUnsupportedType"),
  UNSUPPORTED_CALL("HesseUnsupportedCall"),
  RECURSION("HesseRecursion"),
  CUSTOM_DERIVATIVE("HesseCustomDerivative"),
  ALLOCATION("HesseAllocation"),
  ARRAY_WRITE("HesseArrayWrite"),
  FIELD_WRITE("HesseFieldWrite"),
  FIELD_READ("HesseFieldRead"),
  UNSUPPORTED_STATEMENT("HesseUnsupportedStatement"),
  UNSUPPORTED_EXPRESSION("HesseUnsupportedExpression"),
  EMBEDDED_ASSIGNMENT("HesseEmbeddedAssignment"),
  LABELED_JUMP("HesseLabeledJump"),
  UNRESOLVED_NAME("HesseUnresolvedName"),
  NAME_CLASH("HesseNameClash"),
  CODE_TOO_LARGE("HesseCodeTooLarge"),
  INTERNAL("HesseInternalError");

  private final String id;

  Problem(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The message as javac shows it: {@code [Id] text}. */
  public String format(String text) {
    return "[" + id + "] " + text;
  }
}
