package dev.simdprop.kernels;

import static dev.simdprop.kernels.Check.length;

import dev.simdprop.kernels.impl.GemmThreads;
import dev.simdprop.kernels.impl.Provider;

/**
 * General matrix multiply with the semantics of {@code cblas_sgemm(CblasRowMajor, ...)}:
 * {@code C = alpha·op(A)·op(B) + beta·C}, where C is m x n, op(A) is m x k and op(B) is k x n.
 *
 * <ul>
 *   <li>A is stored m x k, or k x m when {@code transA}; B is stored k x n, or n x k when
 *       {@code transB}. All row-major; {@code lda}, {@code ldb}, {@code ldc} are row strides, at
 *       least the stored row length.
 *   <li>When beta is 0, C is not read: NaN or Inf already in C does not reach the result. When
 *       alpha is 0 or k is 0, A and B are not read and C becomes beta·C.
 *   <li>Only the m x n window of C starting at {@code cOff} is written.
 *   <li>Arguments are checked before any work: bad ones throw {@link IllegalArgumentException}
 *       naming the shapes and the offending value, and C is left untouched.
 *   <li>C must not overlap A or B. Calls are thread-safe; each thread reuses its own packing buffers.
 *   <li>Large products (from about 16 MFLOP) are split over {@link #threads()} threads (the
 *       caller and a fixed team of daemon workers), along M or N but never K, so the result is
 *       bit-identical for any thread count. After a split call the workers poll for the next one
 *       (yielding) for 10 ms before they park, unless more threads are set than there are
 *       processors. While one caller's product holds the team, another caller's runs on its own
 *       thread. The scalar twins always run on the calling thread.
 * </ul>
 */
public final class Gemm {
  private Gemm() {}

  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    Check.gemm("sgemm", transA, transB, m, n, k, length(a), aOff, lda, length(b), bOff, ldb, length(c), cOff, ldc);
    Provider.ACTIVE.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /**
   * The linear layer's forward in one pass: C = act(op(A)·op(B) + bias), with bias (n values from
   * biasOff) added to every row of C and ReLU applied when {@code relu} — on the vector path while
   * each tile is still in registers. Shapes and semantics otherwise as {@link #sgemm} with alpha 1
   * and beta 0 (C is not read).
   */
  public static void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
    Check.gemm("sgemmBias", transA, transB, m, n, k, length(a), aOff, lda, length(b), bOff, ldb, length(c), cOff, ldc);
    Check.vector("sgemmBias", "bias", length(bias), n, biasOff);
    Provider.ACTIVE.sgemmBias(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, c, cOff, ldc);
  }

  /** {@link #sgemm} on {@code double[]}. */
  public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    Check.gemm("dgemm", transA, transB, m, n, k, length(a), aOff, lda, length(b), bOff, ldb, length(c), cOff, ldc);
    Provider.ACTIVE.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /** Threads a large vectorized GEMM may use, the calling one included. Default: the available processors, or {@code -Dsimdprop.threads=N}. */
  public static int threads() {
    return GemmThreads.threads();
  }

  /** Sets {@link #threads()} for every later call, from any thread. */
  public static void setThreads(int threads) {
    GemmThreads.setThreads(threads);
  }

  /** C (m x n) = A (m x k) · B (k x n), all contiguous from offset 0. */
  public static void mult(int m, int n, int k, float[] a, float[] b, float[] c) {
    sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
  }

  /** C (m x n) = Aᵀ · B with A stored k x m, B k x n, all contiguous from offset 0. */
  public static void multTransA(int m, int n, int k, float[] a, float[] b, float[] c) {
    sgemm(true, false, m, n, k, 1f, a, 0, m, b, 0, n, 0f, c, 0, n);
  }

  /** C (m x n) = A · Bᵀ with A stored m x k, B n x k, all contiguous from offset 0. */
  public static void multTransB(int m, int n, int k, float[] a, float[] b, float[] c) {
    sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
  }
}
