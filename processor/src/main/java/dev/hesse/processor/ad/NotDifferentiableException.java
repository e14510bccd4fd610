package dev.hesse.processor.ad;

/**
 * A construct that the frontend accepted but that turns out, once activity is known, to have no correct derivative:
 * reported as a compile error at {@code site} (a javac tree), never differentiated silently wrong.
 */
public final class NotDifferentiableException extends RuntimeException {
  private final transient Object site;

  public NotDifferentiableException(String message, Object site) {
    super(message);
    this.site = site;
  }

  public Object site() {
    return site;
  }
}
