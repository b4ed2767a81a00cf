package dev.simdprop.kernels.impl;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * sgemm's path for C = alpha·A·Bᵀ + beta·C (transB, A not transposed) on shapes too small to repay
 * packing: every row of A and of B runs along k, so C[i][j] is the dot product of two contiguous
 * rows. A 4 x 3 tile of C keeps 12 vector accumulators along k (7 loads feed 12 FMAs per step) and
 * sums each across its lanes once at the end, in a fixed order, so results do not depend on the JIT.
 * {@link VectorSgemm} chooses it by shape.
 */
final class DotSgemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  static final int TR = 4, TC = 3;

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
      for (int j = 0; j < n; j += TC) {
        int nr = Math.min(TC, n - j), lastCol = nr - 1;
        int b0 = bOff + j * ldb, b1 = b0 + Math.min(1, lastCol) * ldb, b2 = b0 + Math.min(2, lastCol) * ldb;
        tile(k, a, a0, a1, a2, a3, b, b0, b1, b2, mr, nr, alpha, beta, c, cOff + i * ldc + j, ldc, bias, biasOff + j, relu);
      }
    }
  }

  private static void tile(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2,
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
