package dev.hesse.processor.ir;

import java.util.List;

/** A method in IR form: its parameters (in source order) and body. */
public record Function(String name, List<Parameter> parameters, List<Stmt> body) {
  public Function {
    parameters = List.copyOf(parameters);
    body = List.copyOf(body);
  }

  /** A parameter; {@code differentiable} parameters take slots in {@code gradOut}. */
  public record Parameter(Variable variable, boolean differentiable, boolean noDerivativeAnnotated) {}
}
