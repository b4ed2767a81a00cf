package dev.simdprop.kernels;

import static dev.simdprop.kernels.Check.length;

import dev.simdprop.kernels.impl.Provider;

/**
 * Reductions over vectors and over the rows or columns of an m x n row-major matrix. Float sums
 * are accumulated in float; the vectorized order differs from the scalar one, so results agree
 * within rounding (a few n·ε of the sum of magnitudes), except {@link #columnSums}, which sums in
 * row order in both and agrees exactly.
 */
public final class Reductions {
  private Reductions() {}

  /** The sum of x[xOff : xOff+n]. */
  public static float sum(int n, float[] x, int xOff) {
    checkVector("sum", "x", n, x, xOff);
    return Provider.ACTIVE.sum(n, x, xOff);
  }

  /** out[j] = sum over i of a[i][j] (axis 0, as {@code out.g.sum(0)} for a bias gradient); out has n elements. */
  public static void columnSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    checkMatrix("columnSums", m, n, a, aOff, lda, false);
    Check.vector("columnSums", "out", length(out), n, outOff);
    Provider.ACTIVE.columnSums(m, n, a, aOff, lda, out, outOff);
  }

  /** out[i] = sum over j of a[i][j] (axis 1); out has m elements. */
  public static void rowSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    checkMatrix("rowSums", m, n, a, aOff, lda, false);
    Check.vector("rowSums", "out", length(out), m, outOff);
    Provider.ACTIVE.rowSums(m, n, a, aOff, lda, out, outOff);
  }

  /** out[i] = max over j of a[i][j]; NaN when the row holds a NaN. Rows must not be empty. */
  public static void rowMax(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    checkMatrix("rowMax", m, n, a, aOff, lda, true);
    Check.vector("rowMax", "out", length(out), m, outOff);
    Provider.ACTIVE.rowMax(m, n, a, aOff, lda, out, outOff);
  }

  /** out[i] = the first column holding the row's maximum, or its first NaN (as torch.argmax). */
  public static void rowArgmax(int m, int n, float[] a, int aOff, int lda, int[] out, int outOff) {
    checkMatrix("rowArgmax", m, n, a, aOff, lda, true);
    Check.vector("rowArgmax", "out", length(out), m, outOff);
    Provider.ACTIVE.rowArgmax(m, n, a, aOff, lda, out, outOff);
  }

  /**
   * out[i] = log(sum over j of exp(a[i][j])), computed as max + log(sum exp(a - max)) so that large
   * inputs do not overflow. A row whose max is +Inf gives +Inf, all -Inf gives -Inf, NaN gives NaN.
   */
  public static void rowLogSumExp(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    checkMatrix("rowLogSumExp", m, n, a, aOff, lda, true);
    Check.vector("rowLogSumExp", "out", length(out), m, outOff);
    Provider.ACTIVE.rowLogSumExp(m, n, a, aOff, lda, out, outOff);
  }

  /** The dot product of x[xOff : xOff+n] and y[yOff : yOff+n]. */
  public static float dot(int n, float[] x, int xOff, float[] y, int yOff) {
    checkVector("dot", "x", n, x, xOff);
    Check.vector("dot", "y", length(y), n, yOff);
    return Provider.ACTIVE.dot(n, x, xOff, y, yOff);
  }

  /** The sum of x[i]² over x[xOff : xOff+n]. */
  public static float sumOfSquares(int n, float[] x, int xOff) {
    checkVector("sumOfSquares", "x", n, x, xOff);
    return Provider.ACTIVE.sumOfSquares(n, x, xOff);
  }

  static void checkVector(String kernel, String name, int n, float[] x, int xOff) {
    Check.nonNegative(kernel, "n", n);
    Check.vector(kernel, name, length(x), n, xOff);
  }

  static void checkMatrix(String kernel, int m, int n, float[] a, int aOff, int lda, boolean nonEmptyRows) {
    Check.nonNegative(kernel, "m", m);
    if (nonEmptyRows) Check.positive(kernel, "n", n);
    else Check.nonNegative(kernel, "n", n);
    Check.matrix(kernel, "a", length(a), m, n, aOff, lda);
  }
}
