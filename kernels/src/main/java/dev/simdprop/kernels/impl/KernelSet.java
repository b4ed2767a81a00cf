package dev.simdprop.kernels.impl;

/**
 * One complete implementation of every kernel: {@link ScalarKernels} (the reference twins) or
 * {@code VectorKernels} (the Vector API). Implementations do not validate their arguments — the
 * public entry points in {@code dev.simdprop.kernels} do, before calling here.
 *
 * <p>Conventions: matrices are row-major, {@code (m, n, x, xOff, ldx)} is the m x n window of
 * {@code x} starting at {@code xOff} with row stride {@code ldx}; vectors are {@code n} contiguous
 * elements from an offset. Outputs may alias inputs exactly (same array and offset) but must not
 * overlap them otherwise.
 */
public interface KernelSet {
  /** A short name for logs and reports, e.g. "scalar" or "vector 256-bit". */
  String name();

  // ---- GEMM: C (m x n) = alpha op(A) op(B) + beta C, with op(A) m x k and op(B) k x n.
  void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

  /** C = act(op(A)·op(B) + bias): bias (n values) added to every row, then ReLU when relu. The linear layer's forward in one pass. */
  void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc);

  void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);

  // ---- Broadcast-add.
  /** dst[i][j] = a[i][j] + row[j]: the bias of x·W + b, broadcast over the batch. */
  void addRowVector(int m, int n, float[] a, int aOff, int lda, float[] row, int rowOff,
      float[] dst, int dstOff, int ldd);

  /** dst[i][j] = a[i][j] + col[i]. */
  void addColumnVector(int m, int n, float[] a, int aOff, int lda, float[] col, int colOff,
      float[] dst, int dstOff, int ldd);

  // ---- Reductions.
  float sum(int n, float[] x, int xOff);

  /** out[j] = sum over i of a[i][j] (axis 0, the bias gradient); out has n elements. */
  void columnSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff);

  /** out[i] = sum over j of a[i][j] (axis 1); out has m elements. */
  void rowSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff);

  /** out[i] = max over j of a[i][j]; NaN if the row holds a NaN. */
  void rowMax(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff);

  /** out[i] = the first j where a[i][j] is the row's maximum (the first NaN, if any). */
  void rowArgmax(int m, int n, float[] a, int aOff, int lda, int[] out, int outOff);

  /** out[i] = log(sum over j of exp(a[i][j])), computed as max + log(sum exp(a - max)). */
  void rowLogSumExp(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff);

  float dot(int n, float[] x, int xOff, float[] y, int yOff);

  float sumOfSquares(int n, float[] x, int xOff);

  // ---- Elementwise, on n contiguous elements.
  /** y = max(x, 0), NaN stays NaN. */
  void relu(int n, float[] x, int xOff, float[] y, int yOff);

  /** dx = x > 0 ? g : 0 (the gradient of relu at x, applied to the upstream gradient g). */
  void reluBackward(int n, float[] x, int xOff, float[] g, int gOff, float[] dx, int dxOff);

  /** y += alpha·x. */
  void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

  /** y = alpha·x. */
  void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

  /** z = x + y. */
  void add(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

  /** z = x - y. */
  void subtract(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

  /** z = x · y. */
  void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff);

  /** y = exp(x). */
  void exp(int n, float[] x, int xOff, float[] y, int yOff);

  /** dst row i = exp(a_i - max a_i) / sum exp(a_i - max a_i). */
  void softmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd);

  /** dst row i = a_i - logsumexp(a_i). */
  void logSoftmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd);
}
