package dev.hesse.support;

import java.util.Arrays;

/**
 * A growable stack of primitive {@code int}s (and {@code boolean}s, as 0 and 1), used by generated reverse-mode code to
 * save overwritten integer variables. Not part of the user API: only generated code should use it.
 */
public final class IntStack {
  private int[] data;
  private int size;

  public IntStack() {
    this(16);
  }

  public IntStack(int capacity) {
    data = new int[Math.max(capacity, 1)];
  }

  public void push(int value) {
    if (size == data.length) {
      data = Arrays.copyOf(data, 2 * data.length);
    }
    data[size++] = value;
  }

  public void push(boolean value) {
    push(value ? 1 : 0);
  }

  public int pop() {
    if (size == 0) {
      throw new IllegalStateException("Hesse internal error: pop from an empty saved-value stack");
    }
    return data[--size];
  }

  public boolean popBoolean() {
    return pop() != 0;
  }

  public int size() {
    return size;
  }
}
