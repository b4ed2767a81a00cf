package dev.simdprop.kernels.impl;

import jdk.incubator.vector.FloatVector;
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

  static void sgemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean relu) {
    for (int i = 0; i < m; i += TR) {
      int mr = Math.min(TR, m - i), last = mr - 1;
      // Rows past the edge re-read the last row (always in bounds); their results are not stored.
      int a0 = aOff + i * lda, a1 = a0 + Math.min(1, last) * lda, a2 = a0 + Math.min(2, last) * lda, a3 = a0 + Math.min(3, last) * lda;
      int a4 = a0 + Math.min(4, last) * lda, a5 = a0 + Math.min(5, last) * lda, a6 = a0 + Math.min(6, last) * lda, a7 = a0 + Math.min(7, last) * lda;
      for (int j = 0; j < n; j += TC) {
        int nr = Math.min(TC, n - j), lastCol = nr - 1;
        int b0 = bOff + j * ldb, b1 = b0 + Math.min(1, lastCol) * ldb, b2 = b0 + Math.min(2, lastCol) * ldb;
        int ci = cOff + i * ldc + j;
        if (WIDE_TILE) tile8x3(k, a, a0, a1, a2, a3, a4, a5, a6, a7, b, b0, b1, b2, mr, nr, alpha, beta, c, ci, ldc, bias, biasOff + j, relu);
        else tile4x3(k, a, a0, a1, a2, a3, b, b0, b1, b2, mr, nr, alpha, beta, c, ci, ldc, bias, biasOff + j, relu);
      }
    }
  }

  private static void tile4x3(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2,
      int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc, float[] bias, int biasIdx, boolean relu) {
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
    // Sum each accumulator across its lanes in one fixed order (see FOLD), written out here: a
    // vector passed to a method C2 does not inline would be boxed.
    for (VectorShuffle<Float> fold : FOLD) {
      s00 = s00.add(s00.rearrange(fold)); s01 = s01.add(s01.rearrange(fold)); s02 = s02.add(s02.rearrange(fold));
      s10 = s10.add(s10.rearrange(fold)); s11 = s11.add(s11.rearrange(fold)); s12 = s12.add(s12.rearrange(fold));
      s20 = s20.add(s20.rearrange(fold)); s21 = s21.add(s21.rearrange(fold)); s22 = s22.add(s22.rearrange(fold));
      s30 = s30.add(s30.rearrange(fold)); s31 = s31.add(s31.rearrange(fold)); s32 = s32.add(s32.rearrange(fold));
    }
    float r00 = s00.lane(0), r01 = s01.lane(0), r02 = s02.lane(0);
    float r10 = s10.lane(0), r11 = s11.lane(0), r12 = s12.lane(0);
    float r20 = s20.lane(0), r21 = s21.lane(0), r22 = s22.lane(0);
    float r30 = s30.lane(0), r31 = s31.lane(0), r32 = s32.lane(0);
    for (; p < k; p++) { // the k tail, scalar
      float w0 = b[b0 + p], w1 = b[b1 + p], w2 = b[b2 + p];
      float x0 = a[a0 + p];
      r00 += x0 * w0; r01 += x0 * w1; r02 += x0 * w2;
      float x1 = a[a1 + p];
      r10 += x1 * w0; r11 += x1 * w1; r12 += x1 * w2;
      float x2 = a[a2 + p];
      r20 += x2 * w0; r21 += x2 * w1; r22 += x2 * w2;
      float x3 = a[a3 + p];
      r30 += x3 * w0; r31 += x3 * w1; r32 += x3 * w2;
    }
    store(r00, 0, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r01, 0, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r02, 0, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r10, 1, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r11, 1, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r12, 1, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r20, 2, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r21, 2, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r22, 2, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r30, 3, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r31, 3, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r32, 3, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
  }

  private static void tile8x3(int k, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, float[] b, int b0, int b1, int b2,
      int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc, float[] bias, int biasIdx, boolean relu) {
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
    // Sum each accumulator across its lanes in one fixed order (see FOLD), written out here: a
    // vector passed to a method C2 does not inline would be boxed.
    for (VectorShuffle<Float> fold : FOLD) {
      s00 = s00.add(s00.rearrange(fold)); s01 = s01.add(s01.rearrange(fold)); s02 = s02.add(s02.rearrange(fold));
      s10 = s10.add(s10.rearrange(fold)); s11 = s11.add(s11.rearrange(fold)); s12 = s12.add(s12.rearrange(fold));
      s20 = s20.add(s20.rearrange(fold)); s21 = s21.add(s21.rearrange(fold)); s22 = s22.add(s22.rearrange(fold));
      s30 = s30.add(s30.rearrange(fold)); s31 = s31.add(s31.rearrange(fold)); s32 = s32.add(s32.rearrange(fold));
      s40 = s40.add(s40.rearrange(fold)); s41 = s41.add(s41.rearrange(fold)); s42 = s42.add(s42.rearrange(fold));
      s50 = s50.add(s50.rearrange(fold)); s51 = s51.add(s51.rearrange(fold)); s52 = s52.add(s52.rearrange(fold));
      s60 = s60.add(s60.rearrange(fold)); s61 = s61.add(s61.rearrange(fold)); s62 = s62.add(s62.rearrange(fold));
      s70 = s70.add(s70.rearrange(fold)); s71 = s71.add(s71.rearrange(fold)); s72 = s72.add(s72.rearrange(fold));
    }
    float r00 = s00.lane(0), r01 = s01.lane(0), r02 = s02.lane(0);
    float r10 = s10.lane(0), r11 = s11.lane(0), r12 = s12.lane(0);
    float r20 = s20.lane(0), r21 = s21.lane(0), r22 = s22.lane(0);
    float r30 = s30.lane(0), r31 = s31.lane(0), r32 = s32.lane(0);
    float r40 = s40.lane(0), r41 = s41.lane(0), r42 = s42.lane(0);
    float r50 = s50.lane(0), r51 = s51.lane(0), r52 = s52.lane(0);
    float r60 = s60.lane(0), r61 = s61.lane(0), r62 = s62.lane(0);
    float r70 = s70.lane(0), r71 = s71.lane(0), r72 = s72.lane(0);
    for (; p < k; p++) { // the k tail, scalar
      float w0 = b[b0 + p], w1 = b[b1 + p], w2 = b[b2 + p];
      float x0 = a[a0 + p];
      r00 += x0 * w0; r01 += x0 * w1; r02 += x0 * w2;
      float x1 = a[a1 + p];
      r10 += x1 * w0; r11 += x1 * w1; r12 += x1 * w2;
      float x2 = a[a2 + p];
      r20 += x2 * w0; r21 += x2 * w1; r22 += x2 * w2;
      float x3 = a[a3 + p];
      r30 += x3 * w0; r31 += x3 * w1; r32 += x3 * w2;
      float x4 = a[a4 + p];
      r40 += x4 * w0; r41 += x4 * w1; r42 += x4 * w2;
      float x5 = a[a5 + p];
      r50 += x5 * w0; r51 += x5 * w1; r52 += x5 * w2;
      float x6 = a[a6 + p];
      r60 += x6 * w0; r61 += x6 * w1; r62 += x6 * w2;
      float x7 = a[a7 + p];
      r70 += x7 * w0; r71 += x7 * w1; r72 += x7 * w2;
    }
    store(r00, 0, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r01, 0, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r02, 0, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r10, 1, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r11, 1, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r12, 1, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r20, 2, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r21, 2, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r22, 2, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r30, 3, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r31, 3, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r32, 3, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r40, 4, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r41, 4, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r42, 4, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r50, 5, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r51, 5, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r52, 5, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r60, 6, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r61, 6, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r62, 6, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
    store(r70, 7, 0, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r71, 7, 1, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu); store(r72, 7, 2, mr, nr, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
  }


  private static void store(float sum, int r, int col, int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc,
      float[] bias, int biasIdx, boolean relu) {
    if (r >= mr || col >= nr) return;
    int ij = ci + r * ldc + col;
    float v = alpha * sum;
    if (beta != 0) v += beta * c[ij];
    if (bias != null) v += bias[biasIdx + col];
    c[ij] = relu ? Math.max(v, 0f) : v;
  }
}
