package dev.hesse.support;

import java.util.Arrays;

/**
 * A growable stack of primitive {@code double}s, used by generated reverse-mode code to save the values that a loop
 * overwrites and the adjoint still needs. Not part of the user API: only generated code should use it.
 */
public final class DoubleStack {
  private double[] data;
  private int size;

  public DoubleStack() {
    this(16);
  }

  /** A stack with room for {@code capacity} values before it grows (e.g. a loop's trip count when known). */
  public DoubleStack(int capacity) {
    data = new double[Math.max(capacity, 1)];
  }

  public void push(double value) {
    if (size == data.length) {
      data = Arrays.copyOf(data, 2 * data.length);
    }
    data[size++] = value;
  }

  public double pop() {
    if (size == 0) {
      throw new IllegalStateException("Hesse internal error: pop from an empty saved-value stack");
    }
    return data[--size];
  }

  /** The value pushed {@code index}-th (from 0), for replaying a recorded sequence without popping it. */
  public double get(int index) {
    if (index >= size) {
      throw new IllegalStateException("Hesse internal error: replay past the end of the recorded values");
    }
    return data[index];
  }

  public int size() {
    return size;
  }
}
