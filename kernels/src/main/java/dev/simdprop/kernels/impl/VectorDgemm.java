package dev.simdprop.kernels.impl;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * dgemm in the BLIS structure: op(B) is packed into KC x NR micro-panels and op(A) into MR x KC
 * micro-panels (zero-padded, so transposes and ragged edges cost nothing in the inner loop), and one
 * register-blocked micro-kernel computes each MR x NR tile of C in the broadcast (outer-product)
 * form: MR x 2 vector accumulators, two B loads and MR broadcasts of A per step of k.
 *
 * <p>The tile is sized to the register file: 16 AVX2 registers hold 6 x 2 accumulators + 2 B
 * vectors + 1 broadcast ({@link #microKernel6x2}); the 32 registers that come with 512-bit vectors
 * hold 12 x 2 + 3 ({@link #microKernel12x2}), which halves the B loads per FMA. Measured alone on
 * packed L1/L2-resident panels: see {@link VectorSgemm}.
 * The micro-kernels only multiply-add onto a starting tile (zero, or C itself for beta 1) and
 * store; alpha, beta and ragged edges are applied from a small tile buffer by {@link #update},
 * so the hand-tuned code stays short.
 * {@link VectorSgemm} is the same file for float, kept line-for-line parallel (without its
 * in-place-A path, dot-product path, fused bias/ReLU epilogue and the small path's routes for
 * narrow and wide transposed operands); the measurements quoted here
 * were made on sgemm.
 */
final class VectorDgemm {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /**
   * Whether a transposed B may be gathered: not with 2-lane (128-bit) vectors, whose gather C2 did
   * not compile to one (with -XX:MaxVectorSize=16 the packed path's gathers allocated 3.9 MB for the
   * allocation test's two dgemm NT calls, 100x90x300 and 64x8x100); one row of B at a time there.
   */
  private static final boolean GATHERS = L >= 4;
  /** 512-bit vectors come with AVX-512's 32 registers: room for the 12-row tile. */
  static final boolean WIDE_TILE = S.vectorBitSize() >= 512;
  static final int MR = WIDE_TILE ? 12 : 6;
  static final int NR = 2 * L;
  /*
   * Cache blocking, as in VectorSgemm: depth blocks of equal size, none deeper than KC; the MC x KC
   * block of A stays in L2; the KC x NC panel of B is meant for L3.
   * On AVX2 (on the Intel Xeon, before the 512-bit tile was measured deeper): KC 192 keeps a 12 KiB
   * micro-panel of B in L1, with MC 16 tiles; against 256 with 12 (two jars taking turns, 512-bit,
   * GFLOP/s) 1024³ 64.2 → 66.9, 512³ 65.4 → 68.7, 50x50x784 NT 36.7 → 39.3; KC 128 did not win.
   * At 512 bits on the Zen 5 core, deeper blocks win as for sgemm (C's tiles are read and written
   * once per block): KC/MC tiles taking turns in one JVM (JDK 25, one thread, 11 rounds), speed over
   * 192/16, two runs: 1024/4 at 384³ 1.06, 512³ 1.06, 768³ 1.10, 1024³ 1.13 and 1.13, TN 512³
   * 1.04, TN 1024³ 1.11, 1000x50x784 1.33; MC 3 or 6 tiles within 5% of 4; the MLP's 50x784x50
   * and 64x784x50 (one block either way) level. The A block is then 384 KiB, as sgemm's.
   * NC at 512 bits: 512 columns, a 4 MiB panel of B at KC 1024, where sgemm's 4096-column panel
   * (16 MiB) does not matter (NC 512 against it level to 0.95x, 2048³ included). With 2048 columns
   * and 4 row tiles, dgemm slowed from 768³ up (93 GFLOP/s there, 85 at 1024³, 75 at 1536³ in one
   * JVM). NC 512 over 2048 (two kernel jars taking turns in one JVM, JDK 25, one thread, 11-15
   * rounds, four runs): 1024³ 1.05-1.10, 1024³ TN 1.06-1.11, 1536³ 1.11-1.13, 2048³ 1.06-1.16,
   * 512³ and 768³ level; NC 256 lost (0.94-0.96), 384 was between; 6 or 8 row tiles with NC 512,
   * or KC 512 with 8, were level or slower (0.96-1.00).
   */
  static final int KC = WIDE_TILE ? 1024 : 192;
  static final int MC = (WIDE_TILE ? 4 : 16) * MR;
  static final int NC = ((WIDE_TILE ? 512 : 2048) / NR) * NR;

  /** The starting accumulators of a tile that does not add onto C (read-only). */
  private static final double[] ZERO_TILE = new double[MR * NR];

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  /** Per-thread packing buffers, grown on demand and reused, so steady-state calls do not allocate. */
  private static final class Workspace {
    double[] packedA = new double[0];
    double[] packedB = new double[0];
    /** packedB seen as memory, to ask {@link CacheLines} where its cache lines start. */
    MemorySegment packedBMemory = MemorySegment.ofArray(packedB);
    /** op(B) of a small product with transB, turned into k rows of stride roundUp(n, NR). */
    double[] smallB = new double[0];
    /** One tile of products (MR x NR, or a small-path tile of row stride SMALL_BLOCK), for the tiles {@link #update} finishes. */
    final double[] tile = new double[Math.max(MR * NR, Math.max(NARROW_ROWS, TALL_ROWS) * SMALL_BLOCK)];
    /** The offsets of one gathered vector: L rows of a transposed B (see {@link #packB}). */
    final int[] gatherIndex = new int[L];
    /** A column block of B at most one vector wide whose masked vectors would cross the end of its array, copied with row stride NR. */
    double[] edgeB = new double[0];

    /**
     * Grows packedB to hold size doubles from a cache-line start and returns that start: 0 when it
     * cannot be known (see {@link CacheLines}). Asked on every call, since the collector may have
     * moved the buffer.
     */
    int packedBStart(int size) {
      int slack = CacheLines.BYTES / Double.BYTES - 1;
      if (packedB.length < size + slack) {
        packedB = new double[size + slack];
        packedBMemory = MemorySegment.ofArray(packedB);
      }
      return CacheLines.elementsToBoundary(packedBMemory, Double.BYTES);
    }
  }

  private VectorDgemm() {}

  static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) return;
    if (alpha == 0 || k == 0) {
      ScalarKernels.scaleC(m, n, beta, c, cOff, ldc);
      return;
    }
    Route route = route(transA, transB, m, n, k, ldc);
    // Split along whichever of N (whole panels) and M (whole row tiles) has more tiles: each tile,
    // edge tiles included, is then the same as in a one-thread call, and so is the route, chosen here.
    int panels = (n + NR - 1) / NR, rowTiles = (m + MR - 1) / MR;
    boolean alongN = panels >= rowTiles;
    int units = alongN ? panels : rowTiles;
    int parts = GemmThreads.parts(2L * m * n * k, units);
    if (parts == 1) {
      sequential(route, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
      return;
    }
    GemmThreads.run(parts, part -> {
      int first = GemmThreads.firstUnit(units, parts, part), end = GemmThreads.firstUnit(units, parts, part + 1);
      if (alongN) {
        int j0 = first * NR, nj = Math.min(n, end * NR) - j0;
        sequential(route, transA, transB, m, nj, k, alpha, a, aOff, lda, b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + j0, ldc);
      } else {
        int i0 = first * MR, mi = Math.min(m, end * MR) - i0;
        sequential(route, transA, transB, mi, n, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc);
      }
    });
  }

  /** The ways through dgemm, one per call (see {@link #route}). */
  enum Route { TRANSPOSED_TIMES_VECTOR, SMALL, PACKED }

  /**
   * Which path computes the product, chosen once per call before it is split among threads, as in
   * {@link VectorSgemm#route}: Aᵀ·x (n = 1, C's column contiguous) as the row xᵀ·A on the small
   * path; one row times a non-transposed B, and small products, on the small path; else packed.
   * (A·x and x·Bᵀ go to sgemm's dot-product path, which dgemm does not have.) Measured (JDK 25,
   * 512-bit, one thread), µs per call before → after: 1000x1x1000 TN 1366 → 460, 256x1x256 TN 28.4 →
   * 11.7, 1x1000x1000 NN 878 → 391, TN 890 → 383.
   */
  static Route route(boolean transA, boolean transB, int m, int n, int k, int ldc) {
    if (n == 1 && transA && ldc == 1) return Route.TRANSPOSED_TIMES_VECTOR;
    if (smallPath(transB, m, n, k) || m == 1 && !transB) return Route.SMALL;
    return Route.PACKED;
  }

  /** One thread's share: the whole product for a sub-window of C, by the route chosen for the whole. */
  private static void sequential(Route route, boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    Workspace ws = WORKSPACE.get();
    switch (route) {
      case TRANSPOSED_TIMES_VECTOR -> { // x = op(B)'s column as a 1 x k row, A (k x m) as the right operand
        small(!transB, false, 1, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, m, ws);
        return;
      }
      case SMALL -> {
        small(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
        return;
      }
      case PACKED -> { }
    }
    int depth = VectorSgemm.blockDepth(k, KC);
    int aSize = Math.min(MC, roundUp(m, MR)) * depth + L; // + L: packA's last vector store passes the panel's end
    int bSize = depth * Math.min(NC, roundUp(n, NR));
    if (ws.packedA.length < aSize) ws.packedA = new double[aSize];
    int pb0 = ws.packedBStart(bSize);
    double[] pa = ws.packedA, pb = ws.packedB;

    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += depth) {
        int kc = Math.min(depth, k - pc);
        double betaNow = pc == 0 ? beta : 1d; // later depth blocks accumulate onto the first
        // A full tile goes straight from registers to C when nothing else is to be done to it: its
        // accumulators start from zero (beta 0) or from C itself (beta 1, the later depth blocks).
        boolean direct = alpha == 1 && (betaNow == 0 || betaNow == 1);
        // B's rows are read in place when it is not transposed and the rule says packing would not
        // pay; only a ragged last panel is then packed, so the micro-kernel never reads past n.
        boolean packedB = transB || !unpackedB(m, n, k);
        if (packedB) packB(transB, b, bOff, ldb, pc, jc, kc, nc, pb, pb0, ws.gatherIndex);
        else if (nc % NR != 0) packB(false, b, bOff, ldb, pc, jc + nc / NR * NR, kc, nc % NR, pb, pb0, ws.gatherIndex);
        for (int ic = 0; ic < m; ic += MC) {
          int mc = Math.min(MC, m - ic);
          packA(transA, a, aOff, lda, ic, pc, mc, kc, pa);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            // Where the micro-kernel finds op(B)[p][j]: bi + p*bStep + j.
            double[] bs = packedB || nr < NR ? pb : b;
            int bi = packedB ? pb0 + jr * kc : nr < NR ? pb0 : bOff + pc * ldb + jc + jr;
            int bStep = bs == pb ? NR : ldb;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int ci = cOff + (ic + ir) * ldc + jc + jr;
              tile(mr, nr, kc, pa, ir * kc, bs, bi, bStep, direct, alpha, betaNow, c, ci, ldc, ws.tile);
            }
          }
        }
      }
    }
  }

  /**
   * Whether a non-transposed B is read in place rather than packed: when few row tiles (m/MR) reuse
   * each panel the copy costs more than its contiguity saves, unless B is too big for the caches.
   * The rule measured on sgemm; see {@link VectorSgemm}.
   */
  static boolean unpackedB(int m, int n, int k) {
    return m <= 96 && (long) k * n <= 1 << 19; // B above 4 MiB (512 Ki doubles) is packed
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /**
   * Packs op(A)[ic:ic+mc, pc:pc+kc] as MR-row panels; element (p, r) of panel q at q*MR*kc + p*MR + r.
   * As {@link VectorSgemm#packA}, by vectors where MR is between one and two vectors (12 rows of 8 or
   * 4 doubles): two L-lane copies per p for a transposed A, 8 x 8 register blocks for A stored m x k.
   * Measured against one value at a time (two jars taking turns, AMD EPYC, 512-bit, 15 rounds): NN
   * 128³ +4%, 256³ +3%, 512³ +2%, 1024³ -1%; TN 256³ +5%, 512³ +4%, 1024³ +2%.
   */
  static void packA(boolean transA, double[] a, int aOff, int lda, int ic, int pc, int mc, int kc, double[] pa) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc, mr = Math.min(MR, mc - ir);
      if (transA && mr == MR && MR < 2 * L && MR > L) { // two vectors per p, the second's last lanes overwritten by the next p's
        int src = aOff + pc * lda + ic + ir, dst = base, p = 0;
        for (; p < kc && src + 2 * L <= a.length; p++, src += lda, dst += MR) {
          DoubleVector.fromArray(S, a, src).intoArray(pa, dst);
          DoubleVector.fromArray(S, a, src + L).intoArray(pa, dst + L);
        }
        for (; p < kc; p++, src += lda, dst += MR) System.arraycopy(a, src, pa, dst, MR);
      } else if (transA) { // A stored k x m: the MR values of one p are contiguous
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + ic + ir, dst = base + p * MR;
          System.arraycopy(a, src, pa, dst, mr);
          if (mr < MR) Arrays.fill(pa, dst + mr, dst + MR, 0d);
        }
      } else if (mr == MR && L == RegisterTranspose.DOUBLES && MR > L && kc >= L) {
        // MR rows turned in 8 x 8 blocks: rows L to MR first, whose rows of L lanes pass into the next
        // p's first lanes, then rows 0 to L, which write those lanes again
        int src = aOff + (ic + ir) * lda + pc;
        RegisterTranspose.columnsAsRows(a, src + L * lda, lda, MR - L, kc, pa, base + L, MR);
        RegisterTranspose.columnsAsRows(a, src, lda, L, kc, pa, base, MR);
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

  /**
   * Rows of a non-transposed B that packB copies into every panel before moving on: sgemm's, where
   * it was measured (see VectorSgemm.PACK_ROWS); dgemm's 50x784x50000 TN gained with it too.
   */
  static final int PACK_ROWS = VectorSgemm.PACK_ROWS;

  /**
   * Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-column panels from pb[pbOff]; element (p, j) of panel q at
   * pbOff + q*NR*kc + p*NR + j. Whole panels by vectors: B stored k x n is copied {@link #PACK_ROWS}
   * rows at a time into every panel; a transposed B is gathered, one column of lda-strided values
   * per vector.
   */
  static void packB(boolean transB, double[] b, int bOff, int ldb, int pc, int jc, int kc, int nc, double[] pb, int pbOff,
      int[] gatherIndex) {
    int full = nc / NR * NR; // the columns in whole panels
    if (!transB) { // B stored k x n: the NR values of one p are contiguous, two vectors
      for (int p0 = 0; p0 < kc; p0 += PACK_ROWS) {
        int rows = Math.min(PACK_ROWS, kc - p0);
        for (int jr = 0; jr < full; jr += NR) {
          int src = bOff + (pc + p0) * ldb + jc + jr, dst = pbOff + jr * kc + p0 * NR;
          for (int p = 0; p < rows; p++, src += ldb, dst += NR) {
            DoubleVector.fromArray(S, b, src).intoArray(pb, dst);
            DoubleVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
          }
        }
        if (full < nc) { // the ragged last panel
          for (int p = p0; p < p0 + rows; p++) {
            int src = bOff + (pc + p) * ldb + jc + full, dst = pbOff + full * kc + p * NR;
            System.arraycopy(b, src, pb, dst, nc - full);
            Arrays.fill(pb, dst + nc - full, dst + NR, 0);
          }
        }
      }
      return;
    }
    // B stored n x k: column j of op(B) is row j of B. With 8 lanes and kc ≥ 8, each panel's two
    // groups of 8 rows of B are turned in 8 x 8 blocks in registers (RegisterTranspose); else
    // gatherIndex[j] = j*ldb picks one p of L rows.
    if (L == RegisterTranspose.DOUBLES && kc >= L) {
      for (int jr = 0; jr < full; jr += NR) {
        int src = bOff + (jc + jr) * ldb + pc, dst = pbOff + jr * kc;
        RegisterTranspose.columnsAsRows(b, src, ldb, L, kc, pb, dst, NR);
        RegisterTranspose.columnsAsRows(b, src + L * ldb, ldb, L, kc, pb, dst + L, NR);
      }
    } else if (!GATHERS) {
      for (int jr = 0; jr < full; jr += NR) rowsAsColumns(b, bOff + (jc + jr) * ldb + pc, ldb, NR, kc, pb, pbOff + jr * kc);
    } else {
      for (int j = 0; j < L; j++) gatherIndex[j] = j * ldb;
      for (int jr = 0; jr < full; jr += NR) {
        int src = bOff + (jc + jr) * ldb + pc, dst = pbOff + jr * kc;
        for (int p = 0; p < kc; p++, dst += NR) {
          DoubleVector.fromArray(S, b, src + p, gatherIndex, 0).intoArray(pb, dst);
          DoubleVector.fromArray(S, b, src + L * ldb + p, gatherIndex, 0).intoArray(pb, dst + L);
        }
      }
    }
    if (full < nc) { // the ragged last panel, one row of B at a time, then its zero padding
      int base = pbOff + full * kc, nr = nc - full;
      rowsAsColumns(b, bOff + (jc + full) * ldb + pc, ldb, nr, kc, pb, base);
      for (int p = 0; p < kc; p++) Arrays.fill(pb, base + p * NR + nr, base + (p + 1) * NR, 0);
    }
  }

  /** pb[dst + p*NR + j] = b[src + j*ldb + p] for j < cols and p < kc: rows of B as columns of a panel, one row at a time. */
  private static void rowsAsColumns(double[] b, int src, int ldb, int cols, int kc, double[] pb, int dst) {
    for (int j = 0; j < cols; j++) {
      for (int p = 0; p < kc; p++) pb[dst + p * NR + j] = b[src + j * ldb + p];
    }
  }

  /**
   * One MR x NR tile of C from the micro-kernel: straight into C when the tile is whole and direct,
   * else through the tile buffer and {@link #update}.
   */
  private static void tile(int mr, int nr, int kc, double[] pa, int ai, double[] b, int bi, int bStep,
      boolean direct, double alpha, double betaNow, double[] c, int ci, int ldc, double[] buffer) {
    if (direct && mr == MR && nr == NR) {
      if (betaNow == 0) microKernel(MR, kc, pa, ai, b, bi, bStep, ZERO_TILE, 0, NR, c, ci, ldc);
      else microKernel(MR, kc, pa, ai, b, bi, bStep, c, ci, ldc, c, ci, ldc);
    } else {
      microKernel(mr, kc, pa, ai, b, bi, bStep, ZERO_TILE, 0, NR, buffer, 0, NR);
      update(mr, nr, buffer, NR, alpha, betaNow, c, ci, ldc);
    }
  }

  /**
   * One MR x NR tile, out = init + A panel · B panel, by the micro-kernel this register file fits:
   * init is the zero tile or C itself (row strides ldi, ldo), out is C or the tile buffer. A ragged
   * tile of at most 6 rows goes to the 6-row kernel even where the tile is 12 rows, of at most 2 to
   * the 2-row one.
   */
  private static void microKernel(int mr, int kc, double[] pa, int ai, double[] b, int bi, int bStep,
      double[] init, int ii, int ldi, double[] out, int oi, int ldo) {
    if (WIDE_TILE && mr > 6) microKernel12x2(kc, pa, ai, b, bi, bStep, init, ii, ldi, out, oi, ldo);
    else if (mr <= 2) microKernel2x2(kc, pa, ai, MR, b, bi, bStep, init, ii, ldi, out, oi, ldo);
    else microKernel6x2(kc, pa, ai, MR, b, bi, bStep, init, ii, ldi, out, oi, ldo);
  }

  /**
   * As sgemm's: a ragged last tile of at most 2 rows, two steps of p at a time into two sets of
   * accumulators. Two runs taking turns, GFLOP/s: TN 50x784x64 62-66 → 67-70, 50x784x50000 41-42 → 43.
   */
  private static void microKernel2x2(int kc, double[] pa, int ai, int aStep, double[] b, int bi, int bStep,
      double[] init, int ii, int ldi, double[] out, int oi, int ldo) {
    DoubleVector c00 = DoubleVector.fromArray(S, init, ii), c01 = DoubleVector.fromArray(S, init, ii + L);
    DoubleVector c10 = DoubleVector.fromArray(S, init, ii + ldi), c11 = DoubleVector.fromArray(S, init, ii + ldi + L);
    DoubleVector d00 = DoubleVector.zero(S), d01 = DoubleVector.zero(S), d10 = DoubleVector.zero(S), d11 = DoubleVector.zero(S);
    int p = 0;
    for (; p + 1 < kc; p += 2, ai += 2 * aStep, bi += 2 * bStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
      DoubleVector e0 = DoubleVector.fromArray(S, b, bi + bStep), e1 = DoubleVector.fromArray(S, b, bi + bStep + L);
      DoubleVector a0 = DoubleVector.broadcast(S, pa[ai]), a1 = DoubleVector.broadcast(S, pa[ai + 1]);
      DoubleVector f0 = DoubleVector.broadcast(S, pa[ai + aStep]), f1 = DoubleVector.broadcast(S, pa[ai + aStep + 1]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      d00 = f0.fma(e0, d00); d01 = f0.fma(e1, d01); d10 = f1.fma(e0, d10); d11 = f1.fma(e1, d11);
    }
    if (p < kc) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
      DoubleVector a0 = DoubleVector.broadcast(S, pa[ai]), a1 = DoubleVector.broadcast(S, pa[ai + 1]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
    }
    c00.add(d00).intoArray(out, oi); c01.add(d01).intoArray(out, oi + L);
    c10.add(d10).intoArray(out, oi + ldo); c11.add(d11).intoArray(out, oi + ldo + L);
  }

  /**
   * out[oi + r*ldo + j] = init[ii + r*ldi + j] + (A panel · B panel)[r][j] for the first 6 rows of
   * a packed A panel at ai whose rows are aStep apart, and B row p at bi + p*bStep.
   */
  private static void microKernel6x2(int kc, double[] pa, int ai, int aStep, double[] b, int bi, int bStep,
      double[] init, int ii, int ldi, double[] out, int oi, int ldo) {
    DoubleVector c00 = DoubleVector.fromArray(S, init, ii), c01 = DoubleVector.fromArray(S, init, ii + L);
    DoubleVector c10 = DoubleVector.fromArray(S, init, ii + ldi), c11 = DoubleVector.fromArray(S, init, ii + ldi + L);
    DoubleVector c20 = DoubleVector.fromArray(S, init, ii + 2 * ldi), c21 = DoubleVector.fromArray(S, init, ii + 2 * ldi + L);
    DoubleVector c30 = DoubleVector.fromArray(S, init, ii + 3 * ldi), c31 = DoubleVector.fromArray(S, init, ii + 3 * ldi + L);
    DoubleVector c40 = DoubleVector.fromArray(S, init, ii + 4 * ldi), c41 = DoubleVector.fromArray(S, init, ii + 4 * ldi + L);
    DoubleVector c50 = DoubleVector.fromArray(S, init, ii + 5 * ldi), c51 = DoubleVector.fromArray(S, init, ii + 5 * ldi + L);
    for (int p = 0; p < kc; p++, ai += aStep, bi += bStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
      DoubleVector a0 = DoubleVector.broadcast(S, pa[ai + 0]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, pa[ai + 1]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, pa[ai + 2]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, pa[ai + 3]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, pa[ai + 4]);
      c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, pa[ai + 5]);
      c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
    }
    c00.intoArray(out, oi); c01.intoArray(out, oi + L);
    c10.intoArray(out, oi + ldo); c11.intoArray(out, oi + ldo + L);
    c20.intoArray(out, oi + 2 * ldo); c21.intoArray(out, oi + 2 * ldo + L);
    c30.intoArray(out, oi + 3 * ldo); c31.intoArray(out, oi + 3 * ldo + L);
    c40.intoArray(out, oi + 4 * ldo); c41.intoArray(out, oi + 4 * ldo + L);
    c50.intoArray(out, oi + 5 * ldo); c51.intoArray(out, oi + 5 * ldo + L);
  }

  /** out[oi + r*ldo + j] = init[ii + r*ldi + j] + (A panel · B panel)[r][j] for a 12-row packed A panel at ai and B row p at bi + p*bStep. */
  private static void microKernel12x2(int kc, double[] pa, int ai, double[] b, int bi, int bStep,
      double[] init, int ii, int ldi, double[] out, int oi, int ldo) {
    DoubleVector c00 = DoubleVector.fromArray(S, init, ii), c01 = DoubleVector.fromArray(S, init, ii + L);
    DoubleVector c10 = DoubleVector.fromArray(S, init, ii + ldi), c11 = DoubleVector.fromArray(S, init, ii + ldi + L);
    DoubleVector c20 = DoubleVector.fromArray(S, init, ii + 2 * ldi), c21 = DoubleVector.fromArray(S, init, ii + 2 * ldi + L);
    DoubleVector c30 = DoubleVector.fromArray(S, init, ii + 3 * ldi), c31 = DoubleVector.fromArray(S, init, ii + 3 * ldi + L);
    DoubleVector c40 = DoubleVector.fromArray(S, init, ii + 4 * ldi), c41 = DoubleVector.fromArray(S, init, ii + 4 * ldi + L);
    DoubleVector c50 = DoubleVector.fromArray(S, init, ii + 5 * ldi), c51 = DoubleVector.fromArray(S, init, ii + 5 * ldi + L);
    DoubleVector c60 = DoubleVector.fromArray(S, init, ii + 6 * ldi), c61 = DoubleVector.fromArray(S, init, ii + 6 * ldi + L);
    DoubleVector c70 = DoubleVector.fromArray(S, init, ii + 7 * ldi), c71 = DoubleVector.fromArray(S, init, ii + 7 * ldi + L);
    DoubleVector c80 = DoubleVector.fromArray(S, init, ii + 8 * ldi), c81 = DoubleVector.fromArray(S, init, ii + 8 * ldi + L);
    DoubleVector c90 = DoubleVector.fromArray(S, init, ii + 9 * ldi), c91 = DoubleVector.fromArray(S, init, ii + 9 * ldi + L);
    DoubleVector ca0 = DoubleVector.fromArray(S, init, ii + 10 * ldi), ca1 = DoubleVector.fromArray(S, init, ii + 10 * ldi + L);
    DoubleVector cb0 = DoubleVector.fromArray(S, init, ii + 11 * ldi), cb1 = DoubleVector.fromArray(S, init, ii + 11 * ldi + L);
    for (int p = 0; p < kc; p++, ai += 12, bi += bStep) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
      DoubleVector a0 = DoubleVector.broadcast(S, pa[ai + 0]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, pa[ai + 1]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, pa[ai + 2]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, pa[ai + 3]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, pa[ai + 4]);
      c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, pa[ai + 5]);
      c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
      DoubleVector a6 = DoubleVector.broadcast(S, pa[ai + 6]);
      c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
      DoubleVector a7 = DoubleVector.broadcast(S, pa[ai + 7]);
      c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
      DoubleVector a8 = DoubleVector.broadcast(S, pa[ai + 8]);
      c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
      DoubleVector a9 = DoubleVector.broadcast(S, pa[ai + 9]);
      c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
      DoubleVector aa = DoubleVector.broadcast(S, pa[ai + 10]);
      ca0 = aa.fma(b0, ca0); ca1 = aa.fma(b1, ca1);
      DoubleVector ab = DoubleVector.broadcast(S, pa[ai + 11]);
      cb0 = ab.fma(b0, cb0); cb1 = ab.fma(b1, cb1);
    }
    c00.intoArray(out, oi); c01.intoArray(out, oi + L);
    c10.intoArray(out, oi + ldo); c11.intoArray(out, oi + ldo + L);
    c20.intoArray(out, oi + 2 * ldo); c21.intoArray(out, oi + 2 * ldo + L);
    c30.intoArray(out, oi + 3 * ldo); c31.intoArray(out, oi + 3 * ldo + L);
    c40.intoArray(out, oi + 4 * ldo); c41.intoArray(out, oi + 4 * ldo + L);
    c50.intoArray(out, oi + 5 * ldo); c51.intoArray(out, oi + 5 * ldo + L);
    c60.intoArray(out, oi + 6 * ldo); c61.intoArray(out, oi + 6 * ldo + L);
    c70.intoArray(out, oi + 7 * ldo); c71.intoArray(out, oi + 7 * ldo + L);
    c80.intoArray(out, oi + 8 * ldo); c81.intoArray(out, oi + 8 * ldo + L);
    c90.intoArray(out, oi + 9 * ldo); c91.intoArray(out, oi + 9 * ldo + L);
    ca0.intoArray(out, oi + 10 * ldo); ca1.intoArray(out, oi + 10 * ldo + L);
    cb0.intoArray(out, oi + 11 * ldo); cb1.intoArray(out, oi + 11 * ldo + L);
  }

  /**
   * Whether a product is too small to repay packing, so {@link #small} reads A and B in place.
   * The rule measured on sgemm; see {@link VectorSgemm}.
   */
  static boolean smallPath(boolean transB, int m, int n, int k) {
    return (long) m * n * k <= 262_144 && (!transB || n <= L);
  }

  /** Rows of the small path's tile: 4 x 2 vectors (see {@link VectorSgemm} for why not 6). */
  static final int SMALL_ROWS = 4;
  /** Rows of the small path's tile when op(B) is one vector wide or less (see {@link VectorSgemm}). */
  static final int NARROW_ROWS = 8;
  /**
   * Rows of the small path's tile when a column block is more than three vectors wide: 5 x 4 vectors,
   * with 512-bit vectors only (see {@link #smallKernel5x4}). Column blocks are then 4 vectors wide.
   */
  static final int WIDE_ROWS = 5;
  /** Columns of the small path's widest column block: 4 vectors with 512-bit vectors, else 2 (NR). */
  static final int SMALL_BLOCK = WIDE_TILE ? 4 * L : NR;

  /**
   * The small-product path: no packing. A is read in place (row i at depth p at
   * {@code a[aOff + i*rowStep + p*depthStep]}), B's rows in place. A ragged column block wider than
   * one vector ends with a vector shifted left to end at the block's edge ({@link #smallKernel}),
   * a narrower one is masked. Copied first: a transposed B, into k rows padded to a
   * multiple of NR (k gathers, while the product costs m·n·k FMAs), and a narrow column block of B
   * whose last masked vectors would cross the end of its array (see {@link #inRange}).
   */
  private static void small(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc, Workspace ws) {
    if (transB) { // rows of stride roundUp(n, NR), so no vector of the last row leaves the array
      int stride = roundUp(n, NR);
      if (ws.smallB.length < k * stride) ws.smallB = new double[k * stride];
      double[] rows = ws.smallB;
      // n ≤ L here; lanes past n repeat column n-1 (never stored). With 8 lanes and k ≥ 8, 8 x 8
      // blocks turned in registers (RegisterTranspose); else one gathered vector per p.
      if (L == RegisterTranspose.DOUBLES && k >= L) {
        RegisterTranspose.columnsAsRows(b, bOff, ldb, n, k, rows, 0, stride);
      } else if (!GATHERS) {
        for (int p = 0; p < k; p++) {
          for (int j = 0; j < L; j++) rows[p * stride + j] = b[bOff + Math.min(j, n - 1) * ldb + p];
        }
      } else {
        for (int j = 0; j < L; j++) ws.gatherIndex[j] = Math.min(j, n - 1) * ldb;
        for (int p = 0; p < k; p++) DoubleVector.fromArray(S, b, bOff + p, ws.gatherIndex, 0).intoArray(rows, p * stride);
      }
      b = rows;
      bOff = 0;
      ldb = stride;
    }
    int rowStep = transA ? 1 : lda, depthStep = transA ? lda : 1;
    boolean plain = alpha == 1 && beta == 0;
    boolean tallBlocks = tallTiles(transA, m);
    for (int j = 0, nr; j < n; j += nr) {
      // A 4-vector block where more than 3 vectors of columns are left (2 for the 10-row tile), else 2 vectors or fewer.
      nr = Math.min(n - j, n - j > SMALL_BLOCK - L && !tallBlocks ? SMALL_BLOCK : NR);
      double[] bs = b;
      int bj = bOff + j, ldbs = ldb;
      if (nr <= L && !inRange(bj + (k - 1) * ldb, b.length)) { // the block's last rows end the array: copy it, padded
        if (ws.edgeB.length < k * NR) ws.edgeB = new double[k * NR];
        for (int p = 0; p < k; p++) System.arraycopy(b, bj + p * ldb, ws.edgeB, p * NR, nr);
        bs = ws.edgeB;
        bj = 0;
        ldbs = NR;
      }
      int rows = nr > NR ? WIDE_ROWS : nr > L ? SMALL_ROWS : NARROW_ROWS;
      for (int i = 0, mr; i < m; i += mr) {
        boolean tall = tallBlocks && nr > L; // m is a multiple of TALL_ROWS: every row tile is whole
        mr = Math.min(tall ? TALL_ROWS : rows, m - i);
        int ai = aOff + i * rowStep, bi = bj, ci = cOff + i * ldc + j;
        // Masked stores straight into C only where they stay inside the array (see inRange).
        boolean direct = plain && (nr > L || inRange(ci + (mr - 1) * ldc, c.length));
        double[] out = direct ? c : ws.tile;
        int oi = direct ? ci : 0, ldo = direct ? ldc : SMALL_BLOCK;
        if (tall) smallKernel10x2T(k, nr, a, ai, lda, bs, bi, ldbs, out, oi, ldo);
        else if (nr > NR) smallKernel5x4(k, mr, nr, a, ai, rowStep, depthStep, bs, bi, ldbs, out, oi, ldo);
        else if (nr > L) smallKernel(k, mr, nr, a, ai, rowStep, depthStep, bs, bi, ldbs, out, oi, ldo);
        else smallKernelNarrow(k, mr, nr, a, ai, rowStep, depthStep, bs, bi, ldbs, out, oi, ldo);
        if (!direct) update(mr, nr, ws.tile, SMALL_BLOCK, alpha, beta, c, ci, ldc);
      }
    }
  }

  /**
   * Whether the vector of L values from offset lies inside an array of this length. A masked load
   * or store whose vector crosses the array's end takes the Vector API's checked slow path, which C2
   * does not always compile without boxing the mask: a training run on 256-bit vectors was seen to
   * allocate 2.7 KB a step there, for good.
   */
  private static boolean inRange(int offset, int length) {
    return offset + L <= length;
  }

  /**
   * out[oi + r*ldo + j] = (A rows · B)[r][j] for r < mr (at most 4) and L < nr ≤ 2L: rows past mr
   * re-read row mr-1 (always in bounds) and are not stored. No masks: the second vector is the one
   * that ends at column nr (columns nr-L to nr-1), overlapping the first, whose common columns it
   * computes with the same products in the same order, so both stores write the same values. Every
   * load and store stays inside the nr columns.
   */
  private static void smallKernel(int k, int mr, int nr, double[] a, int ai, int rowStep, int depthStep,
      double[] b, int bi, int ldb, double[] out, int oi, int ldo) {
    int shift = nr - L; // where the second vector starts
    int last = mr - 1;
    int a0 = ai, a1 = ai + Math.min(1, last) * rowStep, a2 = ai + Math.min(2, last) * rowStep, a3 = ai + Math.min(3, last) * rowStep;
    DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S);
    DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
    for (int p = 0, d = 0; p < k; p++, d += depthStep, bi += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + shift);
      DoubleVector x0 = DoubleVector.broadcast(S, a[a0 + d]);
      c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
      DoubleVector x1 = DoubleVector.broadcast(S, a[a1 + d]);
      c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
      DoubleVector x2 = DoubleVector.broadcast(S, a[a2 + d]);
      c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
      DoubleVector x3 = DoubleVector.broadcast(S, a[a3 + d]);
      c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
    }
    c00.intoArray(out, oi); c01.intoArray(out, oi + shift);
    if (mr > 1) { c10.intoArray(out, oi + ldo); c11.intoArray(out, oi + ldo + shift); }
    if (mr > 2) { c20.intoArray(out, oi + 2 * ldo); c21.intoArray(out, oi + 2 * ldo + shift); }
    if (mr > 3) { c30.intoArray(out, oi + 3 * ldo); c31.intoArray(out, oi + 3 * ldo + shift); }
  }

  /** Rows of {@link #smallKernel10x2T}'s tile. */
  static final int TALL_ROWS = 10;

  /**
   * Whether the small path computes op(A)'s rows 10 at a time ({@link #smallKernel10x2T}) in
   * two-vector column blocks: A transposed, 512-bit vectors, m a multiple of 10 (sgemm's rule, see
   * VectorSgemm.tallTiles). Two kernel jars taking turns in one JVM (JDK 25, one thread), dgemm
   * GFLOP/s 4- and 5-row tiles → 10-row tiles: 10x50x50 TN 30.8 → 34.5, 10x50x64 29.7 → 34.8,
   * 10x100x100 41.2 → 44.3, 10x20x50 17.3 → 19.6, 20x40x50 42.1 → 44.0, 30x64x100 48.9 → 54.7,
   * 50x50x50 38.8 → 43.7.
   */
  static boolean tallTiles(boolean transA, int m) {
    return WIDE_TILE && transA && m % TALL_ROWS == 0;
  }

  /**
   * out[oi + r*ldo + j] = (op(A) rows · B)[r][j] for 10 rows of a transposed A (row r at depth p at
   * a[ai + p*lda + r]) and L < nr ≤ 2L, the second vector ending at column nr as in
   * {@link #smallKernel}: two B loads and ten broadcasts per 20 FMAs, the rows at constant offsets
   * from one index so that their bounds checks merge (see VectorSgemm.smallKernel10x2T).
   */
  private static void smallKernel10x2T(int k, int nr, double[] a, int ai, int lda, double[] b, int bi, int ldb, double[] out, int oi, int ldo) {
    int shift = nr - L;
    DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S);
    DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S), c50 = DoubleVector.zero(S), c51 = DoubleVector.zero(S);
    DoubleVector c60 = DoubleVector.zero(S), c61 = DoubleVector.zero(S), c70 = DoubleVector.zero(S), c71 = DoubleVector.zero(S);
    DoubleVector c80 = DoubleVector.zero(S), c81 = DoubleVector.zero(S), c90 = DoubleVector.zero(S), c91 = DoubleVector.zero(S);
    for (int p = 0, d = ai; p < k; p++, d += lda, bi += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + shift);
      DoubleVector x = DoubleVector.broadcast(S, a[d]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
      x = DoubleVector.broadcast(S, a[d + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
      x = DoubleVector.broadcast(S, a[d + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
      x = DoubleVector.broadcast(S, a[d + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
      x = DoubleVector.broadcast(S, a[d + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
      x = DoubleVector.broadcast(S, a[d + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
      x = DoubleVector.broadcast(S, a[d + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
      x = DoubleVector.broadcast(S, a[d + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
      x = DoubleVector.broadcast(S, a[d + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
      x = DoubleVector.broadcast(S, a[d + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
    }
    c00.intoArray(out, oi); c01.intoArray(out, oi + shift); c10.intoArray(out, oi + ldo); c11.intoArray(out, oi + ldo + shift);
    c20.intoArray(out, oi + 2 * ldo); c21.intoArray(out, oi + 2 * ldo + shift); c30.intoArray(out, oi + 3 * ldo); c31.intoArray(out, oi + 3 * ldo + shift);
    c40.intoArray(out, oi + 4 * ldo); c41.intoArray(out, oi + 4 * ldo + shift); c50.intoArray(out, oi + 5 * ldo); c51.intoArray(out, oi + 5 * ldo + shift);
    c60.intoArray(out, oi + 6 * ldo); c61.intoArray(out, oi + 6 * ldo + shift); c70.intoArray(out, oi + 7 * ldo); c71.intoArray(out, oi + 7 * ldo + shift);
    c80.intoArray(out, oi + 8 * ldo); c81.intoArray(out, oi + 8 * ldo + shift); c90.intoArray(out, oi + 9 * ldo); c91.intoArray(out, oi + 9 * ldo + shift);
  }

  /**
   * {@link #smallKernel} four vectors wide, 3L < nr ≤ 4L, for up to 5 rows (20 accumulators, only
   * with the 32 registers of 512-bit vectors): the fourth vector ends at column nr, overlapping the
   * third. The tile was chosen on sgemm (see {@link VectorSgemm}); through Gemm.dgemm, µs per call,
   * one thread, before → after: 10x50x50 TN 1.81 → 1.59, 50x50x10 NN 1.84 → 1.56, 64³ 11.2 → 9.2.
   */
  private static void smallKernel5x4(int k, int mr, int nr, double[] a, int ai, int rowStep, int depthStep,
      double[] b, int bi, int ldb, double[] out, int oi, int ldo) {
    int shift = nr - L; // where the fourth vector starts
    int last = mr - 1;
    int a0 = ai, a1 = ai + Math.min(1, last) * rowStep, a2 = ai + Math.min(2, last) * rowStep, a3 = ai + Math.min(3, last) * rowStep,
        a4 = ai + Math.min(4, last) * rowStep;
    DoubleVector c00 = DoubleVector.zero(S), c01 = DoubleVector.zero(S), c02 = DoubleVector.zero(S), c03 = DoubleVector.zero(S);
    DoubleVector c10 = DoubleVector.zero(S), c11 = DoubleVector.zero(S), c12 = DoubleVector.zero(S), c13 = DoubleVector.zero(S);
    DoubleVector c20 = DoubleVector.zero(S), c21 = DoubleVector.zero(S), c22 = DoubleVector.zero(S), c23 = DoubleVector.zero(S);
    DoubleVector c30 = DoubleVector.zero(S), c31 = DoubleVector.zero(S), c32 = DoubleVector.zero(S), c33 = DoubleVector.zero(S);
    DoubleVector c40 = DoubleVector.zero(S), c41 = DoubleVector.zero(S), c42 = DoubleVector.zero(S), c43 = DoubleVector.zero(S);
    for (int p = 0, d = 0; p < k; p++, d += depthStep, bi += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi), b1 = DoubleVector.fromArray(S, b, bi + L);
      DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * L), b3 = DoubleVector.fromArray(S, b, bi + shift);
      DoubleVector x0 = DoubleVector.broadcast(S, a[a0 + d]);
      c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
      DoubleVector x1 = DoubleVector.broadcast(S, a[a1 + d]);
      c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
      DoubleVector x2 = DoubleVector.broadcast(S, a[a2 + d]);
      c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
      DoubleVector x3 = DoubleVector.broadcast(S, a[a3 + d]);
      c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
      DoubleVector x4 = DoubleVector.broadcast(S, a[a4 + d]);
      c40 = x4.fma(b0, c40); c41 = x4.fma(b1, c41); c42 = x4.fma(b2, c42); c43 = x4.fma(b3, c43);
    }
    c00.intoArray(out, oi); c01.intoArray(out, oi + L); c02.intoArray(out, oi + 2 * L); c03.intoArray(out, oi + shift);
    if (mr > 1) { c10.intoArray(out, oi + ldo); c11.intoArray(out, oi + ldo + L); c12.intoArray(out, oi + ldo + 2 * L); c13.intoArray(out, oi + ldo + shift); }
    if (mr > 2) { c20.intoArray(out, oi + 2 * ldo); c21.intoArray(out, oi + 2 * ldo + L); c22.intoArray(out, oi + 2 * ldo + 2 * L); c23.intoArray(out, oi + 2 * ldo + shift); }
    if (mr > 3) { c30.intoArray(out, oi + 3 * ldo); c31.intoArray(out, oi + 3 * ldo + L); c32.intoArray(out, oi + 3 * ldo + 2 * L); c33.intoArray(out, oi + 3 * ldo + shift); }
    if (mr > 4) { c40.intoArray(out, oi + 4 * ldo); c41.intoArray(out, oi + 4 * ldo + L); c42.intoArray(out, oi + 4 * ldo + 2 * L); c43.intoArray(out, oi + 4 * ldo + shift); }
  }

  /**
   * {@link #smallKernel} for nr ≤ L (one masked vector) and up to 8 rows, so that 8 accumulators
   * are in flight as in the 4 x 2 tile.
   */
  private static void smallKernelNarrow(int k, int mr, int nr, double[] a, int ai, int rowStep, int depthStep,
      double[] b, int bi, int ldb, double[] out, int oi, int ldo) {
    VectorMask<Double> m0 = S.indexInRange(0, nr);
    int last = mr - 1;
    int a0 = ai, a1 = ai + Math.min(1, last) * rowStep, a2 = ai + Math.min(2, last) * rowStep, a3 = ai + Math.min(3, last) * rowStep;
    int a4 = ai + Math.min(4, last) * rowStep, a5 = ai + Math.min(5, last) * rowStep, a6 = ai + Math.min(6, last) * rowStep,
        a7 = ai + Math.min(7, last) * rowStep;
    DoubleVector c0 = DoubleVector.zero(S), c1 = DoubleVector.zero(S), c2 = DoubleVector.zero(S), c3 = DoubleVector.zero(S);
    DoubleVector c4 = DoubleVector.zero(S), c5 = DoubleVector.zero(S), c6 = DoubleVector.zero(S), c7 = DoubleVector.zero(S);
    for (int p = 0, d = 0; p < k; p++, d += depthStep, bi += ldb) {
      DoubleVector b0 = DoubleVector.fromArray(S, b, bi, m0);
      c0 = DoubleVector.broadcast(S, a[a0 + d]).fma(b0, c0);
      c1 = DoubleVector.broadcast(S, a[a1 + d]).fma(b0, c1);
      c2 = DoubleVector.broadcast(S, a[a2 + d]).fma(b0, c2);
      c3 = DoubleVector.broadcast(S, a[a3 + d]).fma(b0, c3);
      c4 = DoubleVector.broadcast(S, a[a4 + d]).fma(b0, c4);
      c5 = DoubleVector.broadcast(S, a[a5 + d]).fma(b0, c5);
      c6 = DoubleVector.broadcast(S, a[a6 + d]).fma(b0, c6);
      c7 = DoubleVector.broadcast(S, a[a7 + d]).fma(b0, c7);
    }
    c0.intoArray(out, oi, m0);
    if (mr > 1) c1.intoArray(out, oi + ldo, m0);
    if (mr > 2) c2.intoArray(out, oi + 2 * ldo, m0);
    if (mr > 3) c3.intoArray(out, oi + 3 * ldo, m0);
    if (mr > 4) c4.intoArray(out, oi + 4 * ldo, m0);
    if (mr > 5) c5.intoArray(out, oi + 5 * ldo, m0);
    if (mr > 6) c6.intoArray(out, oi + 6 * ldo, m0);
    if (mr > 7) c7.intoArray(out, oi + 7 * ldo, m0);
  }

  /**
   * C[0:mr, 0:nr] = alpha * tile + beta * C for a tile the micro-kernel left in the buffer (row stride ldt): C is
   * read only when beta != 0.
   * Whole vectors where nr allows, the rest of a ragged row masked (scalar at the end of C).
   */
  private static void update(int mr, int nr, double[] tile, int ldt, double alpha, double beta, double[] c, int ci, int ldc) {
    int vectorEnd = nr / L * L;
    DoubleVector alphaV = DoubleVector.broadcast(S, alpha), betaV = DoubleVector.broadcast(S, beta);
    for (int r = 0; r < mr; r++) {
      int t = r * ldt, row = ci + r * ldc;
      for (int j = 0; j < vectorEnd; j += L) {
        DoubleVector v = DoubleVector.fromArray(S, tile, t + j).mul(alphaV);
        if (beta != 0) v = DoubleVector.fromArray(S, c, row + j).fma(betaV, v);
        v.intoArray(c, row + j);
      }
      int j = vectorEnd;
      if (j < nr && inRange(row + j, c.length)) {
        // the ragged end of the row, masked, where its vector stays inside C (see inRange)
        VectorMask<Double> in = S.indexInRange(j, nr);
        DoubleVector v = DoubleVector.fromArray(S, tile, t + j).mul(alphaV);
        if (beta != 0) v = DoubleVector.fromArray(S, c, row + j, in).fma(betaV, v);
        v.intoArray(c, row + j, in);
      } else {
        for (; j < nr; j++) {
          double v = alpha * tile[t + j];
          if (beta != 0) v += beta * c[row + j];
          c[row + j] = v;
        }
      }
    }
  }
}
