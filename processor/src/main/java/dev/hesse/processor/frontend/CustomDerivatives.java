package dev.hesse.processor.frontend;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/** Reads and checks a {@code @CustomDerivative}: the partial-derivative methods it names must match the function. */
public final class CustomDerivatives {
  private CustomDerivatives() {}

  /** The partials in parameter order, or an error saying what was expected. */
  public record Result(List<ExecutableElement> partials, String error) {}

  public static Result partials(ExecutableElement function) {
    String name = function.getSimpleName().toString();
    if (Frontend.hasAnnotation(function, Frontend.DIFFERENTIABLE)) {
      return error(
          "'" + name + "' is both @Differentiable and @CustomDerivative: keep one (Hesse differentiates the body of a"
              + " @Differentiable method itself)");
    }
    if (function.getReturnType().getKind() != TypeKind.DOUBLE) {
      return error("'" + name + "' must return double");
    }
    if (!function.getModifiers().contains(Modifier.STATIC)) {
      return error("'" + name + "' must be static");
    }
    int differentiable = 0;
    for (VariableElement p : function.getParameters()) {
      TypeKind kind = p.asType().getKind();
      if (kind != TypeKind.DOUBLE && kind != TypeKind.INT && kind != TypeKind.LONG && kind != TypeKind.BOOLEAN) {
        return error(
            "parameter '" + p.getSimpleName() + "' of '" + name + "' has type " + p.asType()
                + "; a function with a custom derivative takes double, int, long and boolean parameters only");
      }
      if (kind == TypeKind.DOUBLE && !Frontend.hasAnnotation(p, Frontend.NO_DERIVATIVE)) {
        differentiable++;
      }
    }
    List<String> names = names(function);
    if (names.size() != differentiable) {
      return error(
          "it names " + names.size() + " partial derivative" + (names.size() == 1 ? "" : "s") + " but '" + name
              + "' has " + differentiable + " differentiable parameter" + (differentiable == 1 ? "" : "s")
              + " (double, not @NoDerivative): name one method per differentiable parameter, in order");
    }
    String expected =
        "a static @Differentiable method 'double %s(" + function.getParameters().stream()
            .map(p -> (Frontend.hasAnnotation(p, Frontend.NO_DERIVATIVE) ? "@NoDerivative " : "") + p.asType())
            .collect(Collectors.joining(", ")) + ")' in " + function.getEnclosingElement().getSimpleName();
    List<ExecutableElement> out = new ArrayList<>();
    for (String partial : names) {
      ExecutableElement found = null;
      for (Element e : ((TypeElement) function.getEnclosingElement()).getEnclosedElements()) {
        if (e.getKind() == ElementKind.METHOD
            && e.getSimpleName().contentEquals(partial)
            && sameParameters(function, (ExecutableElement) e)) {
          found = (ExecutableElement) e;
        }
      }
      if (found == null
          || !Frontend.hasAnnotation(found, Frontend.DIFFERENTIABLE)
          || !found.getModifiers().contains(Modifier.STATIC)
          || found.getModifiers().contains(Modifier.PRIVATE)
          || found.getReturnType().getKind() != TypeKind.DOUBLE) {
        return error("expected " + String.format(expected, partial) + (found == null ? ", found none" : ""));
      }
      out.add(found);
    }
    return new Result(out, null);
  }

  private static boolean sameParameters(ExecutableElement a, ExecutableElement b) {
    if (a.getParameters().size() != b.getParameters().size()) {
      return false;
    }
    for (int k = 0; k < a.getParameters().size(); k++) {
      VariableElement pa = a.getParameters().get(k);
      VariableElement pb = b.getParameters().get(k);
      if (pa.asType().getKind() != pb.asType().getKind()
          || Frontend.hasAnnotation(pa, Frontend.NO_DERIVATIVE)
              != Frontend.hasAnnotation(pb, Frontend.NO_DERIVATIVE)) {
        return false;
      }
    }
    return true;
  }

  private static List<String> names(ExecutableElement function) {
    List<String> out = new ArrayList<>();
    for (AnnotationMirror m : function.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(Frontend.CUSTOM_DERIVATIVE)) {
        m.getElementValues()
            .forEach(
                (key, value) -> {
                  if (key.getSimpleName().contentEquals("value")) {
                    Object v = value.getValue();
                    if (v instanceof List<?> list) {
                      for (Object item : list) {
                        out.add(String.valueOf(((AnnotationValue) item).getValue()));
                      }
                    } else {
                      out.add(String.valueOf(v));
                    }
                  }
                });
      }
    }
    return out;
  }

  private static Result error(String message) {
    return new Result(List.of(), message);
  }
}
