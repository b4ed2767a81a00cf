package dev.simdprop.kernels;

import static dev.simdprop.kernels.Check.length;

import dev.simdprop.kernels.impl.Provider;

/**
 * Elementwise operations on n contiguous floats, and the row-wise softmax family on m x n
 * row-major matrices. An output may be one of the inputs (same array and offset, the in-place
 * form) but must not overlap an input otherwise.
 */
public final class Elementwise {
  private Elementwise() {}

  /** y = max(x, 0); NaN stays NaN. */
  public static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    unary("relu", n, x, xOff, y, yOff);
    Provider.ACTIVE.relu(n, x, xOff, y, yOff);
  }

  /** dx = x > 0 ? g : 0 — relu's backward: the upstream gradient g where the input x was positive. */
  public static void reluBackward(int n, float[] x, int xOff, float[] g, int gOff, float[] dx, int dxOff) {
    binary("reluBackward", n, x, xOff, g, gOff, dx, dxOff, "x", "g", "dx");
    Provider.ACTIVE.reluBackward(n, x, xOff, g, gOff, dx, dxOff);
  }

  /** y += alpha·x (the SGD update is {@code axpy(n, -lr, grad, 0, param, 0)}). */
  public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    unary("axpy", n, x, xOff, y, yOff);
    Provider.ACTIVE.axpy(n, alpha, x, xOff, y, yOff);
  }

  /** y = alpha·x. */
  public static void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    unary("scale", n, x, xOff, y, yOff);
    Provider.ACTIVE.scale(n, alpha, x, xOff, y, yOff);
  }

  /** z = x + y. */
  public static void add(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    binary("add", n, x, xOff, y, yOff, z, zOff, "x", "y", "z");
    Provider.ACTIVE.add(n, x, xOff, y, yOff, z, zOff);
  }

  /** z = x - y. */
  public static void subtract(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    binary("subtract", n, x, xOff, y, yOff, z, zOff, "x", "y", "z");
    Provider.ACTIVE.subtract(n, x, xOff, y, yOff, z, zOff);
  }

  /** z = x·y. */
  public static void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    binary("multiply", n, x, xOff, y, yOff, z, zOff, "x", "y", "z");
    Provider.ACTIVE.multiply(n, x, xOff, y, yOff, z, zOff);
  }

  /** y = exp(x), within a couple of ulps of {@link Math#exp}. */
  public static void exp(int n, float[] x, int xOff, float[] y, int yOff) {
    unary("exp", n, x, xOff, y, yOff);
    Provider.ACTIVE.exp(n, x, xOff, y, yOff);
  }

  /** Each row of dst = softmax of the row of a: exp(a - max) / sum exp(a - max). */
  public static void softmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    rows("softmaxRows", m, n, a, aOff, lda, dst, dstOff, ldd);
    Provider.ACTIVE.softmaxRows(m, n, a, aOff, lda, dst, dstOff, ldd);
  }

  /** Each row of dst = the row of a minus its logsumexp (log-softmax, stable for large inputs). */
  public static void logSoftmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    rows("logSoftmaxRows", m, n, a, aOff, lda, dst, dstOff, ldd);
    Provider.ACTIVE.logSoftmaxRows(m, n, a, aOff, lda, dst, dstOff, ldd);
  }

  private static void unary(String kernel, int n, float[] x, int xOff, float[] y, int yOff) {
    Reductions.checkVector(kernel, "x", n, x, xOff);
    Check.vector(kernel, "y", length(y), n, yOff);
  }

  private static void binary(String kernel, int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff,
      String xName, String yName, String zName) {
    Reductions.checkVector(kernel, xName, n, x, xOff);
    Check.vector(kernel, yName, length(y), n, yOff);
    Check.vector(kernel, zName, length(z), n, zOff);
  }

  private static void rows(String kernel, int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    Reductions.checkMatrix(kernel, m, n, a, aOff, lda, true);
    Check.matrix(kernel, "dst", length(dst), m, n, dstOff, ldd);
  }
}
