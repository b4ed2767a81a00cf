package dev.simdprop.kernels.impl;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * sgemm's path for C = alpha·A·Bᵀ + beta·C (transB, A not transposed) on shapes too small to repay
 * packing: every row of A and of B runs along k, so C[i][j] is the dot product of two contiguous
 * rows. A tile of C keeps one vector accumulator per element along k and sums each across its lanes
 * once at the end, in a fixed order, so results do not depend on the JIT. The tile follows the
 * register file: 8 x 3 (24 accumulators; 11 loads feed 24 FMAs per step) with AVX-512's 32
 * registers, 4 x 3 (12; 7 loads feed 12 FMAs) with AVX2's 16. Measured against 4 x 3 on 512-bit
 * vectors (JDK 25, one thread, two runs, GFLOP/s): 64x50x784 93-94 → 108-109, 200x50x784 93-94 →
 * 99-109, 64x500x784 82-90 → 92-95; 50x50x784 90-109 → 92-99 (its last tile holds 2 rows of 8).
 * The tile method only runs the loop and stores its accumulators; summing them, k's tail and the
 * epilogue follow in {@link #finish}. With all of that in one method C2 kept copies of the
 * accumulators in other registers and on the stack, and the loop carried 7 register moves and 2
 * spills beside its 24 FMAs (seen with -XX:+PrintAssembly); split, the loop is the 11 loads and 24
 * FMAs alone. Two pairs of runs, GFLOP/s before → after: 64x50x784 89-96 → 93-105, 50x50x784 77-80
 * → 86-94, 64x500x784 85-86 → 90-101.
 * {@link VectorSgemm} chooses it by shape.
 */
final class DotSgemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** 512-bit vectors come with AVX-512's 32 registers: room for 8 x 3 accumulators, else 4 x 3 in 16. */
  static final boolean WIDE_TILE = S.vectorBitSize() >= 512;
  static final int TR = WIDE_TILE ? 8 : 4, TC = 3;

  private DotSgemm() {}

  /**
   * FOLD[t] moves lane i + L/2^(t+1) to lane i: adding each fold in turn leaves the sum of all lanes
   * in lane 0, in one fixed order. reduceLanes(ADD) leaves its order open, and the JIT-compiled and
   * the interpreted code really do add in different orders, which would make a result depend on how
   * warm the JVM is, and so on which thread computed it.
   */
  private static final VectorShuffle<Float>[] FOLD = folds();

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] folds() {
    int steps = Integer.numberOfTrailingZeros(L);
    VectorShuffle<Float>[] f = new VectorShuffle[steps];
    for (int t = 0; t < steps; t++) f[t] = VectorShuffle.iota(S, L >> (t + 1), 1, true);
    return f;
  }

  /**
   * sums: TR * TC * L floats of scratch for one tile's accumulators. The bias value of element (i, j)
   * is bias[biasOff + j], or bias[biasOff + i] when biasPerRow (a one-row product computed as the
   * column it is the transpose of).
   */
  static void sgemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean biasPerRow,
      boolean relu, float[] sums) {
    int biasRowStep = biasPerRow ? 1 : 0, biasColStep = biasPerRow ? 0 : 1;
    for (int i = 0; i < m; i += TR) {
      int mr = Math.min(TR, m - i), last = mr - 1;
      // Rows past the edge re-read the last row (always in bounds); their results are not stored.
      int a0 = aOff + i * lda, a1 = a0 + Math.min(1, last) * lda, a2 = a0 + Math.min(2, last) * lda, a3 = a0 + Math.min(3, last) * lda;
      int a4 = a0 + Math.min(4, last) * lda, a5 = a0 + Math.min(5, last) * lda, a6 = a0 + Math.min(6, last) * lda, a7 = a0 + Math.min(7, last) * lda;
      for (int j = 0; j < n; j += TC) {
        int nr = Math.min(TC, n - j), lastCol = nr - 1;
        int b0 = bOff + j * ldb, b1 = b0 + Math.min(1, lastCol) * ldb, b2 = b0 + Math.min(2, lastCol) * ldb;
        int ci = cOff + i * ldc + j;
        int tail = WIDE_TILE && n == 1 ? tile8x1(k, a, a0, a1, a2, a3, a4, a5, a6, a7, b, b0, sums)
            : WIDE_TILE ? tile8x3(k, a, a0, a1, a2, a3, a4, a5, a6, a7, b, b0, b1, b2, sums) : tile4x3(k, a, a0, a1, a2, a3, b, b0, b1, b2, sums);
        finish(k, tail, sums, a, a0, lda, b, b0, ldb, mr, nr, alpha, beta, c, ci, ldc,
            bias, biasOff + i * biasRowStep + j * biasColStep, biasRowStep, biasColStep, relu);
      }
    }
  }

  /**
   * The 4 x 3 tile's dot products over the whole vectors of k, row r of A at a_r and column col
   * (row of B) at b_col: accumulator (r, col) goes to sums[(r*TC + col)*L ...]. Returns where k's
   * scalar tail starts.
   */
  private static int tile4x3(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, float[] sums) {
    FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S);
    FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S);
    FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S);
    FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S);
    int p = 0;
    for (int upper = S.loopBound(k); p < upper; p += L) {
      FloatVector w0 = FloatVector.fromArray(S, b, b0 + p), w1 = FloatVector.fromArray(S, b, b1 + p), w2 = FloatVector.fromArray(S, b, b2 + p);
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
      s00 = x0.fma(w0, s00); s01 = x0.fma(w1, s01); s02 = x0.fma(w2, s02);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
      s10 = x1.fma(w0, s10); s11 = x1.fma(w1, s11); s12 = x1.fma(w2, s12);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
      s20 = x2.fma(w0, s20); s21 = x2.fma(w1, s21); s22 = x2.fma(w2, s22);
      FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
      s30 = x3.fma(w0, s30); s31 = x3.fma(w1, s31); s32 = x3.fma(w2, s32);
    }
    s00.intoArray(sums, 0 * L); s01.intoArray(sums, 1 * L); s02.intoArray(sums, 2 * L);
    s10.intoArray(sums, 3 * L); s11.intoArray(sums, 4 * L); s12.intoArray(sums, 5 * L);
    s20.intoArray(sums, 6 * L); s21.intoArray(sums, 7 * L); s22.intoArray(sums, 8 * L);
    s30.intoArray(sums, 9 * L); s31.intoArray(sums, 10 * L); s32.intoArray(sums, 11 * L);
    return p;
  }

  /** {@link #tile4x3} for 8 rows. */
  private static int tile8x3(int k, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, float[] b, int b0, int b1, int b2, float[] sums) {
    FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S);
    FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S);
    FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S);
    FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S);
    FloatVector s40 = FloatVector.zero(S), s41 = FloatVector.zero(S), s42 = FloatVector.zero(S);
    FloatVector s50 = FloatVector.zero(S), s51 = FloatVector.zero(S), s52 = FloatVector.zero(S);
    FloatVector s60 = FloatVector.zero(S), s61 = FloatVector.zero(S), s62 = FloatVector.zero(S);
    FloatVector s70 = FloatVector.zero(S), s71 = FloatVector.zero(S), s72 = FloatVector.zero(S);
    int p = 0;
    for (int upper = S.loopBound(k); p < upper; p += L) {
      FloatVector w0 = FloatVector.fromArray(S, b, b0 + p), w1 = FloatVector.fromArray(S, b, b1 + p), w2 = FloatVector.fromArray(S, b, b2 + p);
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
      s00 = x0.fma(w0, s00); s01 = x0.fma(w1, s01); s02 = x0.fma(w2, s02);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
      s10 = x1.fma(w0, s10); s11 = x1.fma(w1, s11); s12 = x1.fma(w2, s12);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
      s20 = x2.fma(w0, s20); s21 = x2.fma(w1, s21); s22 = x2.fma(w2, s22);
      FloatVector x3 = FloatVector.fromArray(S, a, a3 + p);
      s30 = x3.fma(w0, s30); s31 = x3.fma(w1, s31); s32 = x3.fma(w2, s32);
      FloatVector x4 = FloatVector.fromArray(S, a, a4 + p);
      s40 = x4.fma(w0, s40); s41 = x4.fma(w1, s41); s42 = x4.fma(w2, s42);
      FloatVector x5 = FloatVector.fromArray(S, a, a5 + p);
      s50 = x5.fma(w0, s50); s51 = x5.fma(w1, s51); s52 = x5.fma(w2, s52);
      FloatVector x6 = FloatVector.fromArray(S, a, a6 + p);
      s60 = x6.fma(w0, s60); s61 = x6.fma(w1, s61); s62 = x6.fma(w2, s62);
      FloatVector x7 = FloatVector.fromArray(S, a, a7 + p);
      s70 = x7.fma(w0, s70); s71 = x7.fma(w1, s71); s72 = x7.fma(w2, s72);
    }
    s00.intoArray(sums, 0 * L); s01.intoArray(sums, 1 * L); s02.intoArray(sums, 2 * L);
    s10.intoArray(sums, 3 * L); s11.intoArray(sums, 4 * L); s12.intoArray(sums, 5 * L);
    s20.intoArray(sums, 6 * L); s21.intoArray(sums, 7 * L); s22.intoArray(sums, 8 * L);
    s30.intoArray(sums, 9 * L); s31.intoArray(sums, 10 * L); s32.intoArray(sums, 11 * L);
    s40.intoArray(sums, 12 * L); s41.intoArray(sums, 13 * L); s42.intoArray(sums, 14 * L);
    s50.intoArray(sums, 15 * L); s51.intoArray(sums, 16 * L); s52.intoArray(sums, 17 * L);
    s60.intoArray(sums, 18 * L); s61.intoArray(sums, 19 * L); s62.intoArray(sums, 20 * L);
    s70.intoArray(sums, 21 * L); s71.intoArray(sums, 22 * L); s72.intoArray(sums, 23 * L);
    return p;
  }

  /**
   * {@link #tile8x3} for a single column (a matrix times a vector; 8-row tiles only): 8 accumulators,
   * 9 loads per 8 FMAs, instead of the 3-column tile computing the one column three times. Same
   * sums in the same order, so results do not change.
   */
  private static int tile8x1(int k, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, float[] b, int b0, float[] sums) {
    FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
    FloatVector s4 = FloatVector.zero(S), s5 = FloatVector.zero(S), s6 = FloatVector.zero(S), s7 = FloatVector.zero(S);
    int p = 0;
    for (int upper = S.loopBound(k); p < upper; p += L) {
      FloatVector w = FloatVector.fromArray(S, b, b0 + p);
      s0 = FloatVector.fromArray(S, a, a0 + p).fma(w, s0);
      s1 = FloatVector.fromArray(S, a, a1 + p).fma(w, s1);
      s2 = FloatVector.fromArray(S, a, a2 + p).fma(w, s2);
      s3 = FloatVector.fromArray(S, a, a3 + p).fma(w, s3);
      s4 = FloatVector.fromArray(S, a, a4 + p).fma(w, s4);
      s5 = FloatVector.fromArray(S, a, a5 + p).fma(w, s5);
      s6 = FloatVector.fromArray(S, a, a6 + p).fma(w, s6);
      s7 = FloatVector.fromArray(S, a, a7 + p).fma(w, s7);
    }
    s0.intoArray(sums, 0 * TC * L); s1.intoArray(sums, 1 * TC * L); s2.intoArray(sums, 2 * TC * L); s3.intoArray(sums, 3 * TC * L);
    s4.intoArray(sums, 4 * TC * L); s5.intoArray(sums, 5 * TC * L); s6.intoArray(sums, 6 * TC * L); s7.intoArray(sums, 7 * TC * L);
    return p;
  }

  /**
   * Each of the tile's mr x nr dot products: its accumulator summed across lanes in one fixed order
   * (see FOLD), then k's scalar tail from p, then alpha, beta, bias and ReLU.
   */
  private static void finish(int k, int p, float[] sums, float[] a, int a0, int lda, float[] b, int b0, int ldb,
      int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc, float[] bias, int biasIdx, int biasRowStep, int biasColStep,
      boolean relu) {
    for (int r = 0; r < mr; r++) {
      for (int col = 0; col < nr; col++) {
        FloatVector s = FloatVector.fromArray(S, sums, (r * TC + col) * L);
        int ar = a0 + r * lda, bc = b0 + col * ldb;
        // k's tail as one masked step where AVX-512 masks loads natively: as a scalar loop its
        // dependent steps cost more than the vector loop did (64x40x300 NT 41.6 → 27.5 µs)
        if (WIDE_TILE && p < k) {
          VectorMask<Float> rest = S.indexInRange(p, k);
          s = FloatVector.fromArray(S, a, ar + p, rest).fma(FloatVector.fromArray(S, b, bc + p, rest), s);
        }
        for (VectorShuffle<Float> fold : FOLD) s = s.add(s.rearrange(fold));
        float sum = s.lane(0);
        if (!WIDE_TILE) for (int q = p; q < k; q++) sum += a[ar + q] * b[bc + q];
        store(sum, r, col, alpha, beta, c, ci, ldc, bias, biasIdx + r * biasRowStep + col * biasColStep, relu);
      }
    }
  }

  private static void store(float sum, int r, int col, float alpha, float beta, float[] c, int ci, int ldc,
      float[] bias, int biasIdx, boolean relu) {
    int ij = ci + r * ldc + col;
    float v = alpha * sum;
    if (beta != 0) v += beta * c[ij];
    if (bias != null) v += bias[biasIdx];
    c[ij] = relu ? Math.max(v, 0f) : v;
  }
}
