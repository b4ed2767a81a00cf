package dev.simdprop.kernels.impl;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * dgemm in the BLIS structure: op(B) is packed into KC x NR micro-panels and op(A) into MR x KC
 * micro-panels (zero-padded, so transposes and ragged edges cost nothing in the inner loop), and one
 * register-blocked micro-kernel computes each MR x NR tile of C in the broadcast (outer-product)
 * form: MR x 2 vector accumulators, two B loads and MR broadcasts of A per step of k.
 *
 * <p>MR = 6 and NR = 2 vectors give 12 accumulators + 2 B vectors + 1 broadcast = 15 of the 16
 * AVX2 registers. {@link VectorSgemm} is the same file for float, kept line-for-line parallel.
 */
final class VectorDgemm {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;
  /** Depth of a packed block: a KC x NR panel of B (16 KiB at NR=8) stays in L1. */
  static final int KC = 256;
  /** Rows of A packed at once: MC x KC doubles (144 KiB) stay in the 512 KiB L2. */
  static final int MC = 12 * MR;
  /** Columns of B packed at once (4 MiB at KC=256), meant for L3. */
  static final int NC = (2048 / NR) * NR;

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  /** Per-thread packing buffers, grown on demand and reused, so steady-state calls do not allocate. */
  private static final class Workspace {
    double[] packedA = new double[0];
    double[] packedB = new double[0];
    final double[] edge = new double[MR * NR];
  }

  private VectorDgemm() {}

  static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) return;
    if (alpha == 0 || k == 0) {
      ScalarKernels.scaleC(m, n, beta, c, cOff, ldc);
      return;
    }
    // Split along whichever of N (whole panels) and M (whole row tiles) has more tiles: each tile,
    // edge tiles included, is then the same as in a one-thread call.
    int panels = (n + NR - 1) / NR, rowTiles = (m + MR - 1) / MR;
    boolean alongN = panels >= rowTiles;
    int units = alongN ? panels : rowTiles;
    int parts = GemmThreads.parts(2L * m * n * k, units);
    if (parts == 1) {
      sequential(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    GemmThreads.run(parts, part -> {
      int first = GemmThreads.firstUnit(units, parts, part), end = GemmThreads.firstUnit(units, parts, part + 1);
      if (alongN) {
        int j0 = first * NR, nj = Math.min(n, end * NR) - j0;
        sequential(transA, transB, m, nj, k, alpha, a, aOff, lda, b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + j0, ldc);
      } else {
        int i0 = first * MR, mi = Math.min(m, end * MR) - i0;
        sequential(transA, transB, mi, n, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
      }
    });
  }

  /** One thread's share: the whole product for a sub-window of C. */
  private static void sequential(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    Workspace ws = WORKSPACE.get();
    int aSize = Math.min(MC, roundUp(m, MR)) * Math.min(KC, k);
    int bSize = Math.min(KC, k) * Math.min(NC, roundUp(n, NR));
    if (ws.packedA.length < aSize) ws.packedA = new double[aSize];
    if (ws.packedB.length < bSize) ws.packedB = new double[bSize];
    double[] pa = ws.packedA, pb = ws.packedB;

    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        double betaNow = pc == 0 ? beta : 1d; // later depth blocks accumulate onto the first
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
            double[] bs = packedB || nr < NR ? pb : b;
            int bi = packedB ? jr * kc : nr < NR ? 0 : bOff + pc * ldb + jc + jr;
            int bStep = bs == pb ? NR : ldb;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int ci = cOff + (ic + ir) * ldc + jc + jr;
              // Where the micro-kernel finds op(A)[i][p]: ai + r*rowStep + p*depthStep.
              double[] as;
              int ai, rowStep, depthStep;
              if (packedA) { as = pa; ai = ir * kc; rowStep = 1; depthStep = MR; }
              else if (transA) { as = a; ai = aOff + pc * lda + ic + ir; rowStep = 1; depthStep = lda; }
              else { as = a; ai = aOff + (ic + ir) * lda + pc; rowStep = lda; depthStep = 1; }
              if (mr == MR && nr == NR) {
                microKernel(kc, as, ai, rowStep, depthStep, bs, bi, bStep, alpha, betaNow, c, ci, ldc);
              } else {
                edgeTile(kc, mr, nr, as, ai, rowStep, depthStep, bs, bi, bStep, alpha, betaNow, ws.edge, c, ci, ldc);
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
  static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int pc, int mc, int kc, double[] pa) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc, mr = Math.min(MR, mc - ir);
      if (transA) { // A stored k x m: the MR values of one p are contiguous
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + ic + ir, dst = base + p * MR;
          System.arraycopy(a, src, pa, dst, mr);
          if (mr < MR) Arrays.fill(pa, dst + mr, dst + MR, 0d);
        }
      } else { // A stored m x k: each row is contiguous along p
        for (int r = 0; r < mr; r++) {
          int src = aOff + (ic + ir + r) * lda + pc;
          for (int p = 0; p < kc; p++) pa[base + p * MR + r] = a[src + p];
        }
        if (mr < MR) {
          for (int p = 0; p < kc; p++) Arrays.fill(pa, base + p * MR + mr, base + (p + 1) * MR, 0d);
        }
      }
    }
  }

  /** Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-column panels; element (p, j) of panel q at q*NR*kc + p*NR + j. */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int jc, int kc, int nc, double[] pb) {
    for (int jr = 0; jr < nc; jr += NR) {
      int base = jr * kc, nr = Math.min(NR, nc - jr);
      if (transB) { // B stored n x k: each column of op(B) is a contiguous row of B
        for (int j = 0; j < nr; j++) {
          int src = bOff + (jc + jr + j) * ldb + pc;
          for (int p = 0; p < kc; p++) pb[base + p * NR + j] = b[src + p];
        }
        if (nr < NR) { // the padding of a ragged panel, one contiguous run per row
          for (int p = 0; p < kc; p++) Arrays.fill(pb, base + p * NR + nr, base + (p + 1) * NR, 0d);
        }
      } else { // B stored k x n: the NR values of one p are contiguous
        for (int p = 0; p < kc; p++) {
          int src = bOff + (pc + p) * ldb + jc + jr, dst = base + p * NR;
          System.arraycopy(b, src, pb, dst, nr);
          if (nr < NR) Arrays.fill(pb, dst + nr, dst + NR, 0d);
        }
      }
    }
  }

  /**
   * C[0:MR, 0:NR] = alpha * (A tile · B panel) + beta * C (C not read when beta == 0). Row r of the
   * A tile at depth p is {@code a[ai + r*rowStep + p*depthStep]}: a packed panel (1, MR) or A itself.
   */
  private static void microKernel(int kc, double[] a, int ai, int rowStep, int depthStep, double[] b, int bi, int bStep,
      double alpha, double beta, double[] c, int ci, int ldc) {
    microKernel(kc, a, ai, ai + rowStep, ai + 2 * rowStep, ai + 3 * rowStep, ai + 4 * rowStep, ai + 5 * rowStep,
        depthStep, b, bi, bStep, alpha, beta, c, ci, ldc);
  }

  /** The micro-kernel proper, with the start of each of the MR rows of A given separately. */
  private static void microKernel(int kc, double[] a, int a0i, int a1i, int a2i, int a3i, int a4i, int a5i, int depthStep,
      double[] pb, int bi, int bStep, double alpha, double beta, double[] c, int ci, int ldc) {
    DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
    DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
    DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S);
    DoubleVector c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
    // Packed A has the constant depth stride MR, which lets C2 hoist the bounds checks of the six
    // scalar loads out of the loop (measured: about a quarter faster); A read in place has not.
    if (depthStep == MR) {
      for (int p = 0, d = 0; p < kc; p++, d += MR, bi += bStep) {
        DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
        DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + L);
        DoubleVector a0 = DoubleVector.broadcast(S, a[a0i + d]);
        c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
        DoubleVector a1 = DoubleVector.broadcast(S, a[a1i + d]);
        c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
        DoubleVector a2 = DoubleVector.broadcast(S, a[a2i + d]);
        c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
        DoubleVector a3 = DoubleVector.broadcast(S, a[a3i + d]);
        c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        DoubleVector a4 = DoubleVector.broadcast(S, a[a4i + d]);
        c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
        DoubleVector a5 = DoubleVector.broadcast(S, a[a5i + d]);
        c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
      }
    } else {
      for (int p = 0, d = 0; p < kc; p++, d += depthStep, bi += bStep) {
        DoubleVector b0 = DoubleVector.fromArray(S, pb, bi);
        DoubleVector b1 = DoubleVector.fromArray(S, pb, bi + L);
        DoubleVector a0 = DoubleVector.broadcast(S, a[a0i + d]);
        c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
        DoubleVector a1 = DoubleVector.broadcast(S, a[a1i + d]);
        c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
        DoubleVector a2 = DoubleVector.broadcast(S, a[a2i + d]);
        c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
        DoubleVector a3 = DoubleVector.broadcast(S, a[a3i + d]);
        c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        DoubleVector a4 = DoubleVector.broadcast(S, a[a4i + d]);
        c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
        DoubleVector a5 = DoubleVector.broadcast(S, a[a5i + d]);
        c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
      }
    }
    // The update is written out: a vector passed to a method C2 does not inline would be boxed.
    if (alpha != 1) {
      DoubleVector av = DoubleVector.broadcast(S, alpha);
      c00 = c00.mul(av); c01 = c01.mul(av);
      c10 = c10.mul(av); c11 = c11.mul(av);
      c20 = c20.mul(av); c21 = c21.mul(av);
      c30 = c30.mul(av); c31 = c31.mul(av);
      c40 = c40.mul(av); c41 = c41.mul(av);
      c50 = c50.mul(av); c51 = c51.mul(av);
    }
    if (beta != 0) { // C is read only when beta says so
      DoubleVector bv = DoubleVector.broadcast(S, beta);
      c00 = DoubleVector.fromArray(S, c, ci).fma(bv, c00);
      c01 = DoubleVector.fromArray(S, c, ci + L).fma(bv, c01);
      c10 = DoubleVector.fromArray(S, c, ci + ldc).fma(bv, c10);
      c11 = DoubleVector.fromArray(S, c, ci + ldc + L).fma(bv, c11);
      c20 = DoubleVector.fromArray(S, c, ci + 2 * ldc).fma(bv, c20);
      c21 = DoubleVector.fromArray(S, c, ci + 2 * ldc + L).fma(bv, c21);
      c30 = DoubleVector.fromArray(S, c, ci + 3 * ldc).fma(bv, c30);
      c31 = DoubleVector.fromArray(S, c, ci + 3 * ldc + L).fma(bv, c31);
      c40 = DoubleVector.fromArray(S, c, ci + 4 * ldc).fma(bv, c40);
      c41 = DoubleVector.fromArray(S, c, ci + 4 * ldc + L).fma(bv, c41);
      c50 = DoubleVector.fromArray(S, c, ci + 5 * ldc).fma(bv, c50);
      c51 = DoubleVector.fromArray(S, c, ci + 5 * ldc + L).fma(bv, c51);
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
  private static void edgeTile(int kc, int mr, int nr, double[] a, int ai, int rowStep, int depthStep,
      double[] b, int bi, int bStep, double alpha, double beta, double[] edge, double[] c, int ci, int ldc) {
    int last = mr - 1;
    microKernel(kc, a, ai, ai + Math.min(1, last) * rowStep, ai + Math.min(2, last) * rowStep,
        ai + Math.min(3, last) * rowStep, ai + Math.min(4, last) * rowStep, ai + Math.min(5, last) * rowStep,
        depthStep, b, bi, bStep, 1, 0, edge, 0, NR);
    mergeEdge(mr, nr, alpha, beta, edge, c, ci, ldc);
  }

  private static void mergeEdge(int mr, int nr, double alpha, double beta, double[] edge, double[] c, int ci, int ldc) {
    for (int r = 0; r < mr; r++) {
      for (int j = 0; j < nr; j++) {
        int ij = ci + r * ldc + j;
        double v = alpha * edge[r * NR + j];
        c[ij] = beta == 0 ? v : v + beta * c[ij];
      }
    }
  }
}
