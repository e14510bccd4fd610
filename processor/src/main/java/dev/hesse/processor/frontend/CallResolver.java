package dev.hesse.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Finds the methods a call may name, from names alone: annotation processors run before javac attributes method
 * bodies, and attributing them early (through {@code Trees.getElement}) would report errors about classes that
 * processors have not generated yet. The rules are Java's for the simple cases Hesse accepts: an unqualified name is
 * a method of the enclosing classes (innermost first) or statically imported; {@code Type.name} names a nested,
 * imported, same-package or fully qualified class.
 */
final class CallResolver {
  private final Elements elements;
  private final TypeElement owner;
  private final CompilationUnitTree unit;

  CallResolver(Elements elements, TypeElement owner, CompilationUnitTree unit) {
    this.elements = elements;
    this.owner = owner;
    this.unit = unit;
  }

  /** The methods named by {@code select} that take {@code arity} arguments, from the innermost scope that has any. */
  List<ExecutableElement> candidates(ExpressionTree select, int arity) {
    String name;
    List<TypeElement> scopes = new ArrayList<>();
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      for (Element type = owner; type instanceof TypeElement te; type = type.getEnclosingElement()) {
        scopes.add(te);
      }
      for (String imported : staticImportOwners(name)) {
        TypeElement te = elements.getTypeElement(imported);
        if (te != null) {
          scopes.add(te);
        }
      }
    } else if (select instanceof MemberSelectTree sel) {
      name = sel.getIdentifier().toString();
      TypeElement te = resolveType(sel.getExpression().toString());
      if (te == null) {
        return List.of();
      }
      scopes.add(te);
    } else {
      return List.of();
    }
    for (TypeElement scope : scopes) {
      List<ExecutableElement> named = new ArrayList<>();
      for (Element e : scope.getEnclosedElements()) {
        if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(name)) {
          named.add((ExecutableElement) e);
        }
      }
      if (!named.isEmpty()) {
        named.removeIf(m -> m.getParameters().size() != arity);
        return named;
      }
    }
    return List.of();
  }

  /** A class named as Java code in this compilation unit would name it, or null. */
  TypeElement resolveType(String text) {
    for (Element type = owner; type instanceof TypeElement te; type = type.getEnclosingElement()) {
      if (te.getSimpleName().contentEquals(text)) {
        return te;
      }
      for (Element member : te.getEnclosedElements()) {
        if ((member.getKind().isClass() || member.getKind().isInterface())
            && member.getSimpleName().contentEquals(text)) {
          return (TypeElement) member;
        }
      }
    }
    String first = text.contains(".") ? text.substring(0, text.indexOf('.')) : text;
    String rest = text.substring(first.length());
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith("." + first)) {
        TypeElement te = elements.getTypeElement(q + rest);
        if (te != null) {
          return te;
        }
      }
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    TypeElement samePackage = elements.getTypeElement(pkg.isEmpty() ? text : pkg + "." + text);
    if (samePackage != null) {
      return samePackage;
    }
    for (ImportTree imp : unit.getImports()) {
      String q = imp.getQualifiedIdentifier().toString();
      if (!imp.isStatic() && q.endsWith(".*")) {
        TypeElement te = elements.getTypeElement(q.substring(0, q.length() - 1) + text);
        if (te != null) {
          return te;
        }
      }
    }
    return elements.getTypeElement(text);
  }

  /** The classes from which this compilation unit statically imports {@code name}, by name or on demand. */
  List<String> staticImportOwners(String name) {
    List<String> owners = new ArrayList<>();
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree sel) {
        String member = sel.getIdentifier().toString();
        if (member.equals(name) || member.equals("*")) {
          owners.add(sel.getExpression().toString());
        }
      }
    }
    return owners;
  }

  /** The class a bare {@code name} is statically imported from: a single import wins over imports on demand. */
  java.util.Optional<String> staticImportOwnerOf(String name) {
    String onDemand = null;
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree sel) {
        String member = sel.getIdentifier().toString();
        if (member.equals(name)) {
          return java.util.Optional.of(sel.getExpression().toString());
        }
        if (member.equals("*") && onDemand == null && declares(sel.getExpression().toString(), name)) {
          onDemand = sel.getExpression().toString();
        }
      }
    }
    return java.util.Optional.ofNullable(onDemand);
  }

  private boolean declares(String owner, String name) {
    TypeElement type = elements.getTypeElement(owner);
    return type != null && type.getEnclosedElements().stream().anyMatch(e -> e.getSimpleName().contentEquals(name));
  }

  /**
   * A chain of calls between {@code @Differentiable} methods of this compilation that leads from {@code from} back
   * to {@code to} (e.g. [b, c] for b → c → to), or null. Methods from libraries have no body here and end a chain.
   */
  static List<ExecutableElement> pathBack(
      Trees trees, Elements elements, ExecutableElement from, ExecutableElement to, String differentiable) {
    Deque<List<ExecutableElement>> queue = new ArrayDeque<>();
    Set<ExecutableElement> seen = new HashSet<>();
    queue.add(List.of(from));
    seen.add(from);
    while (!queue.isEmpty()) {
      List<ExecutableElement> chain = queue.poll();
      ExecutableElement last = chain.get(chain.size() - 1);
      for (ExecutableElement next : calls(trees, elements, last)) {
        if (next.equals(to)) {
          return chain;
        }
        if (Frontend.hasAnnotation(next, differentiable) && seen.add(next)) {
          List<ExecutableElement> longer = new ArrayList<>(chain);
          longer.add(next);
          queue.add(longer);
        }
      }
    }
    return null;
  }

  private static List<ExecutableElement> calls(Trees trees, Elements elements, ExecutableElement m) {
    return calls(elements, m, trees.getPath(m));
  }

  /**
   * The methods that calls in {@code m}'s body may name (all same-named overloads of the right arity), given the
   * method's tree path (null for a method from a class file).
   */
  static List<ExecutableElement> calls(Elements elements, ExecutableElement m, TreePath path) {
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      return List.of();
    }
    CallResolver resolver =
        new CallResolver(elements, (TypeElement) m.getEnclosingElement(), path.getCompilationUnit());
    List<ExecutableElement> out = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree t, Void unused) {
        out.addAll(resolver.candidates(t.getMethodSelect(), t.getArguments().size()));
        return super.visitMethodInvocation(t, unused);
      }
    }.scan(new TreePath(path, tree.getBody()), null);
    return out;
  }
}
