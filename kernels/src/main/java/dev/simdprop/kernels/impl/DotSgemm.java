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
 * The epilogue follows in {@link #finish}: with it in the tile method C2 kept copies of the
 * accumulators in other registers and on the stack, and the loop carried 7 register moves and 2
 * spills beside its 24 FMAs (seen with -XX:+PrintAssembly); split, the loop is the 11 loads and 24
 * FMAs alone. Two pairs of runs, GFLOP/s before → after: 64x50x784 89-96 → 93-105, 50x50x784
 * 77-80 → 86-94, 64x500x784 85-86 → 90-101.
 * The 8-row tiles sum their accumulators across lanes themselves, in registers: stored and loaded
 * back for {@link #finish} to sum, the 24 accumulators of a tile cost about as much as its loop on
 * short k (JFR placed most of finish's samples on those loads). Two kernel jars taking turns in one
 * JVM (AMD EPYC, JDK 25), speed ratio, identical results: 64x50x784 NT 1.12, 50x50x784 NT 1.09,
 * 64x16x192 NT 1.23, 100x90x300 NT 1.63, 8x2000x784 NT 1.07, 1000x1x784 1.06, 50000x1x50 NT 1.70.
 * {@link VectorSgemm} chooses it by shape.
 */
final class DotSgemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /**
   * 512-bit vectors come with AVX-512's 32 registers: room for 8 x 3 accumulators, else 4 x 3 in 16.
   * Exactly 512 bits, since the 8-row tiles' lane sums are written out for 16 lanes.
   */
  static final boolean WIDE_TILE = S.vectorBitSize() == 512;
  static final int TR = WIDE_TILE ? 8 : 4, TC = 3;

  private DotSgemm() {}

  /** One thread's scratch for this path, kept and reused, so calls do not allocate. */
  static final class Scratch {
    /** One tile's dot products (8-row tiles, at r*TC + col), or the 4 x 3 tile's accumulators (L floats apart). */
    final float[] sums = new float[TR * TC * L];
    /** k's tail of the 8-row tiles' rows of A, then of their rows of B, zero-padded (see {@link #copyTails}). */
    final float[] tails = new float[(TR + TC) * L];
  }

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
   * The bias value of element (i, j) is bias[biasOff + j], or bias[biasOff + i] when biasPerRow (a
   * one-row product computed as the column it is the transpose of).
   */
  static void sgemmNT(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc, float[] bias, int biasOff, boolean biasPerRow,
      boolean relu, Scratch scratch) {
    int biasRowStep = biasPerRow ? 1 : 0, biasColStep = biasPerRow ? 0 : 1;
    float[] sums = scratch.sums, tails = scratch.tails;
    int p = S.loopBound(k);
    boolean tail = WIDE_TILE && p < k;
    for (int i = 0; i < m; i += TR) {
      int mr = Math.min(TR, m - i), last = mr - 1;
      if (tail) copyTails(a, aOff + i * lda, lda, mr, p, k, tails, 0); // rows past mr keep older values, never stored
      // Rows past the edge re-read the last row (always in bounds); their results are not stored.
      int a0 = aOff + i * lda, a1 = a0 + Math.min(1, last) * lda, a2 = a0 + Math.min(2, last) * lda, a3 = a0 + Math.min(3, last) * lda;
      int a4 = a0 + Math.min(4, last) * lda, a5 = a0 + Math.min(5, last) * lda, a6 = a0 + Math.min(6, last) * lda, a7 = a0 + Math.min(7, last) * lda;
      for (int j = 0; j < n; j += TC) {
        int nr = Math.min(TC, n - j), lastCol = nr - 1;
        int b0 = bOff + j * ldb, b1 = b0 + Math.min(1, lastCol) * ldb, b2 = b0 + Math.min(2, lastCol) * ldb;
        int ci = cOff + i * ldc + j;
        if (tail) copyTails(b, b0, ldb, nr, p, k, tails, TR * L);
        int tb0 = TR * L, tb1 = tb0 + Math.min(1, lastCol) * L, tb2 = tb0 + Math.min(2, lastCol) * L;
        int done = WIDE_TILE && n == 1 ? tile8x1(k, a, a0, a1, a2, a3, a4, a5, a6, a7, b, b0, tails, tb0, sums)
            : WIDE_TILE ? tile8x3(k, a, a0, a1, a2, a3, a4, a5, a6, a7, b, b0, b1, b2, tails, tb0, tb1, tb2, sums)
            : tile4x3(k, a, a0, a1, a2, a3, b, b0, b1, b2, sums);
        finish(k, done, sums, a, a0, lda, b, b0, ldb, mr, nr, alpha, beta, c, ci, ldc,
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

  /**
   * {@link #tile4x3} for 8 rows (512-bit vectors), taking k's tail as one more step from the
   * zero-padded copies in tails (A's 8 rows from 0, B's from tb0, tb1, tb2; see {@link #copyTails}),
   * and summing each accumulator across its 16 lanes in registers, in FOLD's order, into
   * sums[r*TC + col]. Returns k.
   */
  private static int tile8x3(int k, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, float[] b, int b0, int b1, int b2,
      float[] tails, int tb0, int tb1, int tb2, float[] sums) {
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
    if (p < k) {
      FloatVector w0 = FloatVector.fromArray(S, tails, tb0), w1 = FloatVector.fromArray(S, tails, tb1), w2 = FloatVector.fromArray(S, tails, tb2);
      FloatVector x0 = FloatVector.fromArray(S, tails, 0 * L);
      s00 = x0.fma(w0, s00); s01 = x0.fma(w1, s01); s02 = x0.fma(w2, s02);
      FloatVector x1 = FloatVector.fromArray(S, tails, 1 * L);
      s10 = x1.fma(w0, s10); s11 = x1.fma(w1, s11); s12 = x1.fma(w2, s12);
      FloatVector x2 = FloatVector.fromArray(S, tails, 2 * L);
      s20 = x2.fma(w0, s20); s21 = x2.fma(w1, s21); s22 = x2.fma(w2, s22);
      FloatVector x3 = FloatVector.fromArray(S, tails, 3 * L);
      s30 = x3.fma(w0, s30); s31 = x3.fma(w1, s31); s32 = x3.fma(w2, s32);
      FloatVector x4 = FloatVector.fromArray(S, tails, 4 * L);
      s40 = x4.fma(w0, s40); s41 = x4.fma(w1, s41); s42 = x4.fma(w2, s42);
      FloatVector x5 = FloatVector.fromArray(S, tails, 5 * L);
      s50 = x5.fma(w0, s50); s51 = x5.fma(w1, s51); s52 = x5.fma(w2, s52);
      FloatVector x6 = FloatVector.fromArray(S, tails, 6 * L);
      s60 = x6.fma(w0, s60); s61 = x6.fma(w1, s61); s62 = x6.fma(w2, s62);
      FloatVector x7 = FloatVector.fromArray(S, tails, 7 * L);
      s70 = x7.fma(w0, s70); s71 = x7.fma(w1, s71); s72 = x7.fma(w2, s72);
    }
    // Written out: a helper taking the vector was not always inlined into this method, and then boxed it.
    VectorShuffle<Float> f0 = FOLD[0], f1 = FOLD[1], f2 = FOLD[2], f3 = FOLD[3];
    s00 = s00.add(s00.rearrange(f0)); s00 = s00.add(s00.rearrange(f1)); s00 = s00.add(s00.rearrange(f2)); sums[0] = s00.add(s00.rearrange(f3)).lane(0);
    s01 = s01.add(s01.rearrange(f0)); s01 = s01.add(s01.rearrange(f1)); s01 = s01.add(s01.rearrange(f2)); sums[1] = s01.add(s01.rearrange(f3)).lane(0);
    s02 = s02.add(s02.rearrange(f0)); s02 = s02.add(s02.rearrange(f1)); s02 = s02.add(s02.rearrange(f2)); sums[2] = s02.add(s02.rearrange(f3)).lane(0);
    s10 = s10.add(s10.rearrange(f0)); s10 = s10.add(s10.rearrange(f1)); s10 = s10.add(s10.rearrange(f2)); sums[3] = s10.add(s10.rearrange(f3)).lane(0);
    s11 = s11.add(s11.rearrange(f0)); s11 = s11.add(s11.rearrange(f1)); s11 = s11.add(s11.rearrange(f2)); sums[4] = s11.add(s11.rearrange(f3)).lane(0);
    s12 = s12.add(s12.rearrange(f0)); s12 = s12.add(s12.rearrange(f1)); s12 = s12.add(s12.rearrange(f2)); sums[5] = s12.add(s12.rearrange(f3)).lane(0);
    s20 = s20.add(s20.rearrange(f0)); s20 = s20.add(s20.rearrange(f1)); s20 = s20.add(s20.rearrange(f2)); sums[6] = s20.add(s20.rearrange(f3)).lane(0);
    s21 = s21.add(s21.rearrange(f0)); s21 = s21.add(s21.rearrange(f1)); s21 = s21.add(s21.rearrange(f2)); sums[7] = s21.add(s21.rearrange(f3)).lane(0);
    s22 = s22.add(s22.rearrange(f0)); s22 = s22.add(s22.rearrange(f1)); s22 = s22.add(s22.rearrange(f2)); sums[8] = s22.add(s22.rearrange(f3)).lane(0);
    s30 = s30.add(s30.rearrange(f0)); s30 = s30.add(s30.rearrange(f1)); s30 = s30.add(s30.rearrange(f2)); sums[9] = s30.add(s30.rearrange(f3)).lane(0);
    s31 = s31.add(s31.rearrange(f0)); s31 = s31.add(s31.rearrange(f1)); s31 = s31.add(s31.rearrange(f2)); sums[10] = s31.add(s31.rearrange(f3)).lane(0);
    s32 = s32.add(s32.rearrange(f0)); s32 = s32.add(s32.rearrange(f1)); s32 = s32.add(s32.rearrange(f2)); sums[11] = s32.add(s32.rearrange(f3)).lane(0);
    s40 = s40.add(s40.rearrange(f0)); s40 = s40.add(s40.rearrange(f1)); s40 = s40.add(s40.rearrange(f2)); sums[12] = s40.add(s40.rearrange(f3)).lane(0);
    s41 = s41.add(s41.rearrange(f0)); s41 = s41.add(s41.rearrange(f1)); s41 = s41.add(s41.rearrange(f2)); sums[13] = s41.add(s41.rearrange(f3)).lane(0);
    s42 = s42.add(s42.rearrange(f0)); s42 = s42.add(s42.rearrange(f1)); s42 = s42.add(s42.rearrange(f2)); sums[14] = s42.add(s42.rearrange(f3)).lane(0);
    s50 = s50.add(s50.rearrange(f0)); s50 = s50.add(s50.rearrange(f1)); s50 = s50.add(s50.rearrange(f2)); sums[15] = s50.add(s50.rearrange(f3)).lane(0);
    s51 = s51.add(s51.rearrange(f0)); s51 = s51.add(s51.rearrange(f1)); s51 = s51.add(s51.rearrange(f2)); sums[16] = s51.add(s51.rearrange(f3)).lane(0);
    s52 = s52.add(s52.rearrange(f0)); s52 = s52.add(s52.rearrange(f1)); s52 = s52.add(s52.rearrange(f2)); sums[17] = s52.add(s52.rearrange(f3)).lane(0);
    s60 = s60.add(s60.rearrange(f0)); s60 = s60.add(s60.rearrange(f1)); s60 = s60.add(s60.rearrange(f2)); sums[18] = s60.add(s60.rearrange(f3)).lane(0);
    s61 = s61.add(s61.rearrange(f0)); s61 = s61.add(s61.rearrange(f1)); s61 = s61.add(s61.rearrange(f2)); sums[19] = s61.add(s61.rearrange(f3)).lane(0);
    s62 = s62.add(s62.rearrange(f0)); s62 = s62.add(s62.rearrange(f1)); s62 = s62.add(s62.rearrange(f2)); sums[20] = s62.add(s62.rearrange(f3)).lane(0);
    s70 = s70.add(s70.rearrange(f0)); s70 = s70.add(s70.rearrange(f1)); s70 = s70.add(s70.rearrange(f2)); sums[21] = s70.add(s70.rearrange(f3)).lane(0);
    s71 = s71.add(s71.rearrange(f0)); s71 = s71.add(s71.rearrange(f1)); s71 = s71.add(s71.rearrange(f2)); sums[22] = s71.add(s71.rearrange(f3)).lane(0);
    s72 = s72.add(s72.rearrange(f0)); s72 = s72.add(s72.rearrange(f1)); s72 = s72.add(s72.rearrange(f2)); sums[23] = s72.add(s72.rearrange(f3)).lane(0);
    return k;
  }

  /**
   * {@link #tile8x3} for a single column (a matrix times a vector; 8-row tiles only): 8 accumulators,
   * 9 loads per 8 FMAs, instead of the 3-column tile computing the one column three times. Same
   * sums in the same order, so results do not change. Accumulator r's sum goes to sums[r*TC].
   */
  private static int tile8x1(int k, float[] a, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, float[] b, int b0,
      float[] tails, int tb0, float[] sums) {
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
    if (p < k) {
      FloatVector w = FloatVector.fromArray(S, tails, tb0);
      s0 = FloatVector.fromArray(S, tails, 0 * L).fma(w, s0);
      s1 = FloatVector.fromArray(S, tails, 1 * L).fma(w, s1);
      s2 = FloatVector.fromArray(S, tails, 2 * L).fma(w, s2);
      s3 = FloatVector.fromArray(S, tails, 3 * L).fma(w, s3);
      s4 = FloatVector.fromArray(S, tails, 4 * L).fma(w, s4);
      s5 = FloatVector.fromArray(S, tails, 5 * L).fma(w, s5);
      s6 = FloatVector.fromArray(S, tails, 6 * L).fma(w, s6);
      s7 = FloatVector.fromArray(S, tails, 7 * L).fma(w, s7);
    }
    VectorShuffle<Float> f0 = FOLD[0], f1 = FOLD[1], f2 = FOLD[2], f3 = FOLD[3];
    s0 = s0.add(s0.rearrange(f0)); s0 = s0.add(s0.rearrange(f1)); s0 = s0.add(s0.rearrange(f2)); sums[0 * TC] = s0.add(s0.rearrange(f3)).lane(0);
    s1 = s1.add(s1.rearrange(f0)); s1 = s1.add(s1.rearrange(f1)); s1 = s1.add(s1.rearrange(f2)); sums[1 * TC] = s1.add(s1.rearrange(f3)).lane(0);
    s2 = s2.add(s2.rearrange(f0)); s2 = s2.add(s2.rearrange(f1)); s2 = s2.add(s2.rearrange(f2)); sums[2 * TC] = s2.add(s2.rearrange(f3)).lane(0);
    s3 = s3.add(s3.rearrange(f0)); s3 = s3.add(s3.rearrange(f1)); s3 = s3.add(s3.rearrange(f2)); sums[3 * TC] = s3.add(s3.rearrange(f3)).lane(0);
    s4 = s4.add(s4.rearrange(f0)); s4 = s4.add(s4.rearrange(f1)); s4 = s4.add(s4.rearrange(f2)); sums[4 * TC] = s4.add(s4.rearrange(f3)).lane(0);
    s5 = s5.add(s5.rearrange(f0)); s5 = s5.add(s5.rearrange(f1)); s5 = s5.add(s5.rearrange(f2)); sums[5 * TC] = s5.add(s5.rearrange(f3)).lane(0);
    s6 = s6.add(s6.rearrange(f0)); s6 = s6.add(s6.rearrange(f1)); s6 = s6.add(s6.rearrange(f2)); sums[6 * TC] = s6.add(s6.rearrange(f3)).lane(0);
    s7 = s7.add(s7.rearrange(f0)); s7 = s7.add(s7.rearrange(f1)); s7 = s7.add(s7.rearrange(f2)); sums[7 * TC] = s7.add(s7.rearrange(f3)).lane(0);
    return k;
  }

  /**
   * Rows [0, rows) of a matrix (row r at off + r*ld) from p to k, fewer than L values, each copied
   * to dst at at + r*L as a whole vector with zeros past k - p: the 8-row tiles take k's tail
   * from these with the plain loads of their loop. The one masked load per row happens here, since
   * masked loads in the tile method, beside its loop and its lane sums, made C1 give up on it
   * ("out of virtual registers"), and in some runs it then stayed in C1's profiling code, boxing
   * every vector (50x16x200 NT 350 µs a call instead of 5).
   */
  private static void copyTails(float[] src, int off, int ld, int rows, int p, int k, float[] dst, int at) {
    VectorMask<Float> rest = S.indexInRange(p, k);
    for (int r = 0; r < rows; r++) FloatVector.fromArray(S, src, off + r * ld + p, rest).intoArray(dst, at + r * L);
  }

  /**
   * Each of the tile's mr x nr dot products, then alpha, beta, bias and ReLU. The 8-row tiles have
   * summed theirs into sums[r*TC + col]; the 4 x 3 tile left its accumulators at
   * sums[(r*TC + col)*L ...], summed here across lanes in the same fixed order (see FOLD), then
   * k's scalar tail from p.
   */
  private static void finish(int k, int p, float[] sums, float[] a, int a0, int lda, float[] b, int b0, int ldb,
      int mr, int nr, float alpha, float beta, float[] c, int ci, int ldc, float[] bias, int biasIdx, int biasRowStep, int biasColStep,
      boolean relu) {
    for (int r = 0; r < mr; r++) {
      for (int col = 0; col < nr; col++) {
        float sum;
        if (WIDE_TILE) {
          sum = sums[r * TC + col];
        } else {
          FloatVector s = FloatVector.fromArray(S, sums, (r * TC + col) * L);
          for (VectorShuffle<Float> fold : FOLD) s = s.add(s.rearrange(fold));
          sum = s.lane(0);
          for (int q = p, ar = a0 + r * lda, bc = b0 + col * ldb; q < k; q++) sum += a[ar + q] * b[bc + q];
        }
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
