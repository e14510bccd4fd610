package dev.hesse.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors without throwing, so that one pass over a method reports every problem in it. Errors point at the
 * exact tree (file, line, column) when one is known.
 */
public final class Reporter {
  private final Trees trees;
  private final Messager messager;
  private int errorCount;

  public Reporter(Trees trees, Messager messager) {
    this.trees = trees;
    this.messager = messager;
  }

  public void error(Problem problem, Tree tree, CompilationUnitTree unit, String text) {
    errorCount++;
    trees.printMessage(Diagnostic.Kind.ERROR, problem.format(text), tree, unit);
  }

  public void error(Problem problem, Element element, String text) {
    errorCount++;
    messager.printMessage(Diagnostic.Kind.ERROR, problem.format(text), element);
  }

  public int errorCount() {
    return errorCount;
  }
}
