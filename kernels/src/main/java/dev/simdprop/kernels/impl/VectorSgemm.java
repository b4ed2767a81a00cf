package dev.simdprop.kernels.impl;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * sgemm in the BLIS structure: op(B) is packed into KC x NR micro-panels and op(A) into MR x KC
 * micro-panels (zero-padded, so transposes and ragged edges cost nothing in the inner loop), and one
 * register-blocked micro-kernel computes each MR x NR tile of C in the broadcast (outer-product)
 * form: MR x 2 vector accumulators, two B loads and MR broadcasts of A per step of k.
 *
 * <p>MR = 6 and NR = 2 vectors give 12 accumulators + 2 B vectors + 1 broadcast = 15 of the 16
 * AVX2 registers. {@link VectorDgemm} is the same file for double, kept line-for-line parallel.
 */
final class VectorSgemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;
  /** Depth of a packed block: a KC x NR panel of B (16 KiB at NR=16) stays in L1. */
  static final int KC = 256;
  /** Rows of A packed at once: MC x KC floats (144 KiB) stay in the 512 KiB L2. */
  static final int MC = 24 * MR;
  /** Columns of B packed at once (4 MiB at KC=256), meant for L3. */
  static final int NC = (4096 / NR) * NR;

  /**
   * Whether A·Bᵀ goes to the unpacked dot-product path ({@link DotSgemm}): when k is long enough to
   * amortise its 12 horizontal sums per tile and one side is too thin to amortise packing. Measured
   * (JDK 25, 512-bit species, one thread), GFLOP/s packed → dot: 64x50x784 53 → 108, 50000x50x784
   * 40 → 81, 64x500x784 80 → 93, 1000x50x784 71 → 94; but 256³ 131 → 86, 128³ 99 → 57,
   * 64x50x100 59 → 39, 64x10x50 28 → 21.
   */
  static boolean dotPath(int m, int n, int k) {
    return k >= 192 && Math.min(m, n) <= 96;
  }

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  /** Per-thread packing buffers, grown on demand and reused, so steady-state calls do not allocate. */
  private static final class Workspace {
    float[] packedA = new float[0];
    float[] packedB = new float[0];
    final float[] edge = new float[MR * NR];
  }

  private VectorSgemm() {}

  static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0, false);
  }

  /** C = act(op(A)·op(B) + bias), bias (n) added to every row and ReLU applied while the tile is still in registers. */
  static void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
    gemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc, bias, biasOff, relu);
  }

  /** The GEMM with an optional epilogue: bias (null for none) from biasOff for column 0, then ReLU if relu. */
  private static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean relu) {
    if (m == 0 || n == 0) return;
    if (alpha == 0 || k == 0) {
      ScalarKernels.scaleC(m, n, beta, c, cOff, ldc);
      if (bias != null || relu) ScalarKernels.biasAndRelu(m, n, bias, biasOff, relu, c, cOff, ldc);
      return;
    }
    boolean dot = transB && !transA && dotPath(m, n, k);
    // Split along whichever of N (whole panels) and M (whole row tiles) has more tiles: each tile,
    // edge tiles included, is then the same as in a one-thread call.
    int panels = (n + NR - 1) / NR, rowTiles = (m + MR - 1) / MR;
    boolean alongN = panels >= rowTiles;
    int units = alongN ? panels : rowTiles;
    int parts = GemmThreads.parts(2L * m * n * k, units);
    if (parts == 1) {
      sequential(dot, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, relu);
      return;
    }
    GemmThreads.run(parts, part -> {
      int first = GemmThreads.firstUnit(units, parts, part), end = GemmThreads.firstUnit(units, parts, part + 1);
      if (alongN) {
        int j0 = first * NR, nj = Math.min(n, end * NR) - j0;
        sequential(dot, transA, transB, m, nj, k, alpha, a, aOff, lda, b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + j0, ldc,
            bias, biasOff + j0, relu);
      } else {
        int i0 = first * MR, mi = Math.min(m, end * MR) - i0;
        sequential(dot, transA, transB, mi, n, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc,
            bias, biasOff, relu);
      }
    });
  }

  /** One thread's share: the whole product for a sub-window of C. */
  private static void sequential(boolean dot, boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean relu) {
    if (dot) {
      DotSgemm.sgemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, relu);
      return;
    }
    Workspace ws = WORKSPACE.get();
    int aSize = Math.min(MC, roundUp(m, MR)) * Math.min(KC, k);
    int bSize = Math.min(KC, k) * Math.min(NC, roundUp(n, NR));
    if (ws.packedA.length < aSize) ws.packedA = new float[aSize];
    if (ws.packedB.length < bSize) ws.packedB = new float[bSize];
    float[] pa = ws.packedA, pb = ws.packedB;

    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        float betaNow = pc == 0 ? beta : 1f; // later depth blocks accumulate onto the first
        boolean lastBlock = pc + kc == k; // the epilogue waits for the last depth block
        float[] biasNow = lastBlock ? bias : null;
        boolean reluNow = lastBlock && relu;
        // B's rows are read in place when it is not transposed and the rule says packing would not
        // pay; only a ragged last panel is then packed, so the micro-kernel never reads past n.
        boolean packedB = transB || !unpackedB(m, n, k);
        if (packedB) packB(transB, b, bOff, ldb, pc, jc, kc, nc, pb);
        else if (nc % NR != 0) packB(false, b, bOff, ldb, pc, jc + nc / NR * NR, kc, nc % NR, pb);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          // A block used by a single B panel is read once: copying it first would only add traffic.
          boolean packedA = nc > NR;
          if (packedA) packA(transA, a, aOff, lda, ic, pc, mc, kc, pa);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            // Where the micro-kernel finds op(B)[p][j]: bi + p*bStep + j.
            float[] bs = packedB || nr < NR ? pb : b;
            int bi = packedB ? jr * kc : nr < NR ? 0 : bOff + pc * ldb + jc + jr;
            int bStep = bs == pb ? NR : ldb;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int ci = cOff + (ic + ir) * ldc + jc + jr;
              // Where the micro-kernel finds op(A)[i][p]: ai + r*rowStep + p*depthStep.
              float[] as;
              int ai, rowStep, depthStep;
              if (packedA) { as = pa; ai = ir * kc; rowStep = 1; depthStep = MR; }
              else if (transA) { as = a; ai = aOff + pc * lda + ic + ir; rowStep = 1; depthStep = lda; }
              else { as = a; ai = aOff + (ic + ir) * lda + pc; rowStep = lda; depthStep = 1; }
              if (mr == MR && nr == NR) {
                microKernel(kc, as, ai, rowStep, depthStep, bs, bi, bStep, alpha, betaNow, c, ci, ldc, biasNow, biasOff + jc + jr, reluNow);
              } else {
                edgeTile(kc, mr, nr, as, ai, rowStep, depthStep, bs, bi, bStep, alpha, betaNow, ws.edge, c, ci, ldc,
                    biasNow, biasOff + jc + jr, reluNow);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Whether a non-transposed B is read in place rather than packed: when few row tiles (m/MR) reuse
   * each panel, the copy costs more than its contiguity saves. Measured on sgemm (JDK 25, 512-bit,
   * one thread, two runs), GFLOP/s packed → in place: 50x784x64 (Aᵀ·B) 80-86 → 87-95,
   * 50x784x50000 48-50 → 59-61, 64x784x50 86-89 → 97-109, 128³ 85-91 → 85, 512³ 106-108 → 92-95,
   * 1024³ 102-103 → 79-86.
   */
  static boolean unpackedB(int m, int n, int k) {
    return m <= 96;
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /** Packs op(A)[ic:ic+mc, pc:pc+kc] as MR-row panels; element (p, r) of panel q at q*MR*kc + p*MR + r. */
  static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mc, int kc, float[] pa) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc, mr = Math.min(MR, mc - ir);
      if (transA) { // A stored k x m: the MR values of one p are contiguous
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + ic + ir, dst = base + p * MR;
          System.arraycopy(a, src, pa, dst, mr);
          if (mr < MR) Arrays.fill(pa, dst + mr, dst + MR, 0f);
        }
      } else { // A stored m x k: each row is contiguous along p
        for (int r = 0; r < mr; r++) {
          int src = aOff + (ic + ir + r) * lda + pc;
          for (int p = 0; p < kc; p++) pa[base + p * MR + r] = a[src + p];
        }
        if (mr < MR) {
          for (int p = 0; p < kc; p++) Arrays.fill(pa, base + p * MR + mr, base + (p + 1) * MR, 0f);
        }
      }
    }
  }

  /** Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-column panels; element (p, j) of panel q at q*NR*kc + p*NR + j. */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc, float[] pb) {
    for (int jr = 0; jr < nc; jr += NR) {
      int base = jr * kc, nr = Math.min(NR, nc - jr);
      if (transB) { // B stored n x k: each column of op(B) is a contiguous row of B
        for (int j = 0; j < nr; j++) {
          int src = bOff + (jc + jr + j) * ldb + pc;
          for (int p = 0; p < kc; p++) pb[base + p * NR + j] = b[src + p];
        }
        if (nr < NR) { // the padding of a ragged panel, one contiguous run per row
          for (int p = 0; p < kc; p++) Arrays.fill(pb, base + p * NR + nr, base + (p + 1) * NR, 0f);
        }
      } else { // B stored k x n: the NR values of one p are contiguous
        for (int p = 0; p < kc; p++) {
          int src = bOff + (pc + p) * ldb + jc + jr, dst = base + p * NR;
          System.arraycopy(b, src, pb, dst, nr);
          if (nr < NR) Arrays.fill(pb, dst + nr, dst + NR, 0f);
        }
      }
    }
  }

  /**
   * C[0:MR, 0:NR] = alpha * (A tile · B panel) + beta * C (C not read when beta == 0). Row r of the
   * A tile at depth p is {@code a[ai + r*rowStep + p*depthStep]}: a packed panel (1, MR) or A itself.
   */
  private static void microKernel(int kc, float[] a, int ai, int rowStep, int depthStep, float[] b, int bi, int bStep,
      float alpha, float beta, float[] c, int ci, int ldc, float[] bias, int biasIdx, boolean relu) {
    microKernel(kc, a, ai, ai + rowStep, ai + 2 * rowStep, ai + 3 * rowStep, ai + 4 * rowStep, ai + 5 * rowStep,
        depthStep, b, bi, bStep, alpha, beta, c, ci, ldc, bias, biasIdx, relu);
  }

  /** The micro-kernel proper, with the start of each of the MR rows of A given separately. */
  private static void microKernel(int kc, float[] a, int a0i, int a1i, int a2i, int a3i, int a4i, int a5i, int depthStep,
      float[] pb, int bi, int bStep, float alpha, float beta, float[] c, int ci, int ldc,
      float[] bias, int biasIdx, boolean relu) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
    FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
    // Packed A has the constant depth stride MR, which lets C2 hoist the bounds checks of the six
    // scalar loads out of the loop (measured: about a quarter faster); A read in place has not.
    if (depthStep == MR) {
      for (int p = 0, d = 0; p < kc; p++, d += MR, bi += bStep) {
        FloatVector b0 = FloatVector.fromArray(S, pb, bi);
        FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
        FloatVector a0 = FloatVector.broadcast(S, a[a0i + d]);
        c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
        FloatVector a1 = FloatVector.broadcast(S, a[a1i + d]);
        c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
        FloatVector a2 = FloatVector.broadcast(S, a[a2i + d]);
        c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
        FloatVector a3 = FloatVector.broadcast(S, a[a3i + d]);
        c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        FloatVector a4 = FloatVector.broadcast(S, a[a4i + d]);
        c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
        FloatVector a5 = FloatVector.broadcast(S, a[a5i + d]);
        c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
      }
    } else {
      for (int p = 0, d = 0; p < kc; p++, d += depthStep, bi += bStep) {
        FloatVector b0 = FloatVector.fromArray(S, pb, bi);
        FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
        FloatVector a0 = FloatVector.broadcast(S, a[a0i + d]);
        c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
        FloatVector a1 = FloatVector.broadcast(S, a[a1i + d]);
        c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
        FloatVector a2 = FloatVector.broadcast(S, a[a2i + d]);
        c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
        FloatVector a3 = FloatVector.broadcast(S, a[a3i + d]);
        c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        FloatVector a4 = FloatVector.broadcast(S, a[a4i + d]);
        c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
        FloatVector a5 = FloatVector.broadcast(S, a[a5i + d]);
        c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
      }
    }
    // The update is written out: a vector passed to a method C2 does not inline would be boxed.
    if (alpha != 1) {
      FloatVector av = FloatVector.broadcast(S, alpha);
      c00 = c00.mul(av); c01 = c01.mul(av);
      c10 = c10.mul(av); c11 = c11.mul(av);
      c20 = c20.mul(av); c21 = c21.mul(av);
      c30 = c30.mul(av); c31 = c31.mul(av);
      c40 = c40.mul(av); c41 = c41.mul(av);
      c50 = c50.mul(av); c51 = c51.mul(av);
    }
    if (beta != 0) { // C is read only when beta says so
      FloatVector bv = FloatVector.broadcast(S, beta);
      c00 = FloatVector.fromArray(S, c, ci).fma(bv, c00);
      c01 = FloatVector.fromArray(S, c, ci + L).fma(bv, c01);
      c10 = FloatVector.fromArray(S, c, ci + ldc).fma(bv, c10);
      c11 = FloatVector.fromArray(S, c, ci + ldc + L).fma(bv, c11);
      c20 = FloatVector.fromArray(S, c, ci + 2 * ldc).fma(bv, c20);
      c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L).fma(bv, c21);
      c30 = FloatVector.fromArray(S, c, ci + 3 * ldc).fma(bv, c30);
      c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L).fma(bv, c31);
      c40 = FloatVector.fromArray(S, c, ci + 4 * ldc).fma(bv, c40);
      c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L).fma(bv, c41);
      c50 = FloatVector.fromArray(S, c, ci + 5 * ldc).fma(bv, c50);
      c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L).fma(bv, c51);
    }
    if (bias != null) { // the linear layer's bias, one value per column
      FloatVector bias0 = FloatVector.fromArray(S, bias, biasIdx), bias1 = FloatVector.fromArray(S, bias, biasIdx + L);
      c00 = c00.add(bias0); c01 = c01.add(bias1);
      c10 = c10.add(bias0); c11 = c11.add(bias1);
      c20 = c20.add(bias0); c21 = c21.add(bias1);
      c30 = c30.add(bias0); c31 = c31.add(bias1);
      c40 = c40.add(bias0); c41 = c41.add(bias1);
      c50 = c50.add(bias0); c51 = c51.add(bias1);
    }
    if (relu) {
      c00 = c00.max(0f); c01 = c01.max(0f);
      c10 = c10.max(0f); c11 = c11.max(0f);
      c20 = c20.max(0f); c21 = c21.max(0f);
      c30 = c30.max(0f); c31 = c31.max(0f);
      c40 = c40.max(0f); c41 = c41.max(0f);
      c50 = c50.max(0f); c51 = c51.max(0f);
    }
    c00.intoArray(c, ci); c01.intoArray(c, ci + L);
    c10.intoArray(c, ci + ldc); c11.intoArray(c, ci + ldc + L);
    c20.intoArray(c, ci + 2 * ldc); c21.intoArray(c, ci + 2 * ldc + L);
    c30.intoArray(c, ci + 3 * ldc); c31.intoArray(c, ci + 3 * ldc + L);
    c40.intoArray(c, ci + 4 * ldc); c41.intoArray(c, ci + 4 * ldc + L);
    c50.intoArray(c, ci + 5 * ldc); c51.intoArray(c, ci + 5 * ldc + L);
  }

  /**
   * A tile at the bottom or right edge of C: computed whole into {@code edge}, then only its mr x nr
   * part is merged into C. Rows past mr re-read row mr-1, which exists even when A is not packed.
   */
  private static void edgeTile(int kc, int mr, int nr, float[] a, int ai, int rowStep, int depthStep,
      float[] b, int bi, int bStep, float alpha, float beta, float[] edge, float[] c, int ci, int ldc,
      float[] bias, int biasIdx, boolean relu) {
    int last = mr - 1;
    microKernel(kc, a, ai, ai + Math.min(1, last) * rowStep, ai + Math.min(2, last) * rowStep,
        ai + Math.min(3, last) * rowStep, ai + Math.min(4, last) * rowStep, ai + Math.min(5, last) * rowStep,
        depthStep, b, bi, bStep, 1, 0, edge, 0, NR, null, 0, false);
    mergeEdge(mr, nr, alpha, beta, edge, c, ci, ldc, bias, biasIdx, relu);
  }

  private static void mergeEdge(int mr, int nr, float alpha, float beta, float[] edge, float[] c, int ci, int ldc,
      float[] bias, int biasIdx, boolean relu) {
    for (int r = 0; r < mr; r++) {
      for (int j = 0; j < nr; j++) {
        int ij = ci + r * ldc + j;
        float v = alpha * edge[r * NR + j];
        if (beta != 0) v += beta * c[ij];
        if (bias != null) v += bias[biasIdx + j];
        c[ij] = relu ? Math.max(v, 0f) : v;
      }
    }
  }
}
