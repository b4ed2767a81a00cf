package dev.simdprop.kernels;

import static dev.simdprop.kernels.Check.length;

import dev.simdprop.kernels.impl.Provider;

/**
 * Broadcast-add: a vector added to every row (the bias of {@code x·W + b}, broadcast over the
 * batch) or to every column of an m x n row-major matrix. {@code dst} may be {@code a} itself
 * (same array and offset) for the in-place form, but must not overlap it otherwise.
 */
public final class Broadcast {
  private Broadcast() {}

  /** dst[i][j] = a[i][j] + row[j]; row has n elements. */
  public static void addRowVector(int m, int n, float[] a, int aOff, int lda, float[] row, int rowOff,
      float[] dst, int dstOff, int ldd) {
    checkShapes("addRowVector", m, n, a, aOff, lda, row, rowOff, n, dst, dstOff, ldd);
    Provider.ACTIVE.addRowVector(m, n, a, aOff, lda, row, rowOff, dst, dstOff, ldd);
  }

  /** a[i][j] += row[j], in place. */
  public static void addRowVector(int m, int n, float[] a, int aOff, int lda, float[] row, int rowOff) {
    addRowVector(m, n, a, aOff, lda, row, rowOff, a, aOff, lda);
  }

  /** dst[i][j] = a[i][j] + col[i]; col has m elements. */
  public static void addColumnVector(int m, int n, float[] a, int aOff, int lda, float[] col, int colOff,
      float[] dst, int dstOff, int ldd) {
    checkShapes("addColumnVector", m, n, a, aOff, lda, col, colOff, m, dst, dstOff, ldd);
    Provider.ACTIVE.addColumnVector(m, n, a, aOff, lda, col, colOff, dst, dstOff, ldd);
  }

  /** a[i][j] += col[i], in place. */
  public static void addColumnVector(int m, int n, float[] a, int aOff, int lda, float[] col, int colOff) {
    addColumnVector(m, n, a, aOff, lda, col, colOff, a, aOff, lda);
  }

  private static void checkShapes(String kernel, int m, int n, float[] a, int aOff, int lda,
      float[] v, int vOff, int vLength, float[] dst, int dstOff, int ldd) {
    Check.nonNegative(kernel, "m", m);
    Check.nonNegative(kernel, "n", n);
    Check.matrix(kernel, "a", length(a), m, n, aOff, lda);
    Check.vector(kernel, kernel.equals("addRowVector") ? "row" : "col", length(v), vLength, vOff);
    Check.matrix(kernel, "dst", length(dst), m, n, dstOff, ldd);
  }
}
