package dev.hesse.support;

import java.util.Arrays;

/**
 * A growable stack of primitive {@code long}s, used by generated reverse-mode code to save overwritten {@code long}
 * variables. Not part of the user API: only generated code should use it.
 */
public final class LongStack {
  private long[] data;
  private int size;

  public LongStack() {
    this(16);
  }

  public LongStack(int capacity) {
    data = new long[Math.max(capacity, 1)];
  }

  public void push(long value) {
    if (size == data.length) {
      data = Arrays.copyOf(data, 2 * data.length);
    }
    data[size++] = value;
  }

  public long pop() {
    if (size == 0) {
      throw new IllegalStateException("Hesse internal error: pop from an empty saved-value stack");
    }
    return data[--size];
  }

  public int size() {
    return size;
  }
}
