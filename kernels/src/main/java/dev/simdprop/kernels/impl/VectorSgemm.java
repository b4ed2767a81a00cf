package dev.simdprop.kernels.impl;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * sgemm in the BLIS structure: op(B) is packed into KC x NR micro-panels and op(A) into MR x KC
 * micro-panels (zero-padded, so transposes and ragged edges cost nothing in the inner loop), and one
 * register-blocked micro-kernel computes each MR x NR tile of C in the broadcast (outer-product)
 * form: MR x 2 vector accumulators, two B loads and MR broadcasts of A per step of k.
 *
 * <p>The tile is sized to the register file: 16 AVX2 registers hold 6 x 2 accumulators + 2 B
 * vectors + 1 broadcast ({@link #microKernel6x2}); the 32 registers that come with 512-bit vectors
 * hold 12 x 2 + 3 ({@link #microKernel12x2}), which halves the B loads per FMA. Measured alone on
 * packed L1/L2-resident panels (JDK 25, 512-bit species, one core, 225-245 GFLOP/s FMA peak):
 * 6 x 2 199, 8 x 2 213, 12 x 2 226, 14 x 2 226, 8 x 3 212, 6 x 4 170 GFLOP/s.
 * The micro-kernels only multiply-add onto a starting tile (zero, or C itself for beta 1) and
 * store; alpha, beta, bias, ReLU and ragged edges are applied
 * from a small tile buffer by {@link #update}, so the hand-tuned code stays short.
 * Two other paths, chosen by shape: {@link #small} products read A and B in place, and thin ones
 * (op(B) at most 2 NR wide, many rows) read A in place ({@link #inPlaceA}), since each value of A
 * is used too few times there to repay copying it.
 * {@link VectorDgemm} is the same file for double, kept line-for-line parallel (without the
 * in-place-A path, the dot-product path, the fused epilogue, the 10-row one-vector tile, and the
 * small path's wide transposed B, transposed narrow product and copy of a narrow B).
 */
final class VectorSgemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** 512-bit vectors come with AVX-512's 32 registers: room for the 12-row tile. */
  static final boolean WIDE_TILE = S.vectorBitSize() >= 512;
  static final int MR = WIDE_TILE ? 12 : 6;
  static final int NR = 2 * L;
  /*
   * Cache blocking of the packed path. KC: depth blocks of equal size, none deeper than KC. MC: the
   * MC x KC block of A stays in L2 while each KC x NR micro-panel of B passes its row tiles. NC:
   * the KC x NC panel of B is meant for L3.
   * On AVX2 (not measured again since): KC 256 keeps the 16 KiB micro-panel of B in a 32 KiB L1
   * and the 72 KiB block of A in L2. Tuned then on sgemm 512³, 1024³ and 50x784x64 (TN), KC 128,
   * 192, 256, 384 x MC 8, 12, 24 row tiles all within 7% of each other but KC 128.
   * At 512 bits, on a Zen 5 core (48 KiB L1, 1 MiB L2), deeper blocks win although the micro-panel
   * of B (128 KiB at KC 1024) then streams from L2: C's tiles are read and written once per depth
   * block, and those 24 lines a tile cost more than B from L2 (the micro-kernel alone on 64 KiB of
   * B measured as fast as on 32). KC/MC tiles taking turns in one JVM (JDK 25, one thread, 13
   * rounds), speed over 256/12: 1024/8 at 384³ 1.10, 512³ 1.14, 768³ 1.16, 1024³ 1.19, 2048³
   * 1.16, 1024³ NT 1.15, TN 1.12-1.15; 512/8 1.12-1.13 and 1024/4 1.12-1.17 at 512-2048³; 96³
   * and 128³ (one block either way) level. KC 384 and 768 lose where k is 512 or 1024 (a thin
   * last block), hence the equal blocks.
   */
  static final int KC = WIDE_TILE ? 1024 : 256;
  static final int MC = (WIDE_TILE ? 8 : 12) * MR;
  /** Depth and row blocks of the in-place paths ({@link #inPlaceA}, {@link #inPlaceTwoPanels}), tuned with these. */
  static final int IN_PLACE_KC = 256, IN_PLACE_MC = 12 * MR;
  static final int NC = (4096 / NR) * NR;

  /**
   * Whether A·Bᵀ goes to the unpacked dot-product path ({@link DotSgemm}): when k is long enough to
   * amortise its 12 horizontal sums per tile and one side is too thin to amortise packing. Measured
   * (JDK 25, 512-bit species, one thread, the packed path of KC 256), GFLOP/s packed → dot: 64x50x784
   * 53 → 108, 50000x50x784 40 → 81, 64x500x784 80 → 93, 1000x50x784 71 → 94; but 256³ 131 → 86,
   * 128³ 99 → 57, 64x50x100 59 → 39, 64x10x50 28 → 21.
   * With the 512-bit packed path's deeper blocks (KC 1024) the packed path wins wherever C has more
   * than {@link #DOT_MAX_OUTPUTS} values and its thin side is not narrow; speed, packed ÷ dot (one JVM,
   * alternate rounds, AMD EPYC): 96x2000x256 2.02, 300x90x200 3.03, 1000x70x300 1.83, 200x96x256 1.88,
   * 64x2000x784 1.53, 96x500x784 1.45, 2000x96x784 1.26, 32x2000x784 1.25, 96x200x784 1.17,
   * 64x200x784 1.06, 2000x24x784 1.06, 2000x30x784 1.00; the dot path stays ahead on the lesson's
   * 50x50x784 and 64x50x784 (0.75), 64x100x784 (0.85), 50x150x784 (0.91), and on a narrow side:
   * 8x2000x784 0.76, 16x1000x784 0.87. Not measured on AVX2, which keeps the rule before.
   */
  static boolean dotPath(int m, int n, int k) {
    return thinSideLongK(m, n, k) && !smallBeatsDot(m, n, k)
        && (!WIDE_TILE || Math.min(m, n) <= narrowWidth(k)
            || (long) m * n <= DOT_MAX_OUTPUTS && (k >= DOT_MIN_DEPTH || Math.min(m, n) <= DOT_SHORT_THIN));
  }

  /** C's size up to which A·Bᵀ with a thin side takes the dot-product path from k {@link #DOT_MIN_DEPTH}, whatever its thin side (100 x 100). */
  static final int DOT_MAX_OUTPUTS = 10_000;

  /**
   * Below this k, C's small size alone no longer sends A·Bᵀ to the dot-product path: its thin side
   * must be at most {@link #DOT_SHORT_THIN} wide. After the dot path's lane sums in registers, speed
   * packed ÷ dot (two jars forcing each route, one JVM, AMD EPYC, JDK 25): at k 192 / 256 64x64 1.63
   * / 1.36, 100x100 1.52 / 1.33, 100x64 1.83 / 1.60, 50x150 1.62 / 1.37, 32x200 1.22 / 1.06,
   * 100x32x256 1.31, 50x50 1.09 / 0.96, 64x50 1.05 / 0.93; at k 320 64x100 1.06, 100x100 1.14, but
   * 50x50 0.90, 64x50 0.88, 32x200 0.94; from k 512 the dot path wins most (50x50 0.64, 100x100 0.89,
   * 32x200 0.81; 100x64 1.16 the exception).
   */
  static final int DOT_MIN_DEPTH = 320;
  /** How thin a side keeps short-k A·Bᵀ on the dot-product path: packed ÷ dot 200x24x256 0.89, 20x150x300 0.88, 96x16x256 0.68. */
  static final int DOT_SHORT_THIN = 24;

  /**
   * Whether a small A·Bᵀ that the dot-product rule would take goes to the small path instead (512-bit
   * only): op(B) fills most of one vector (13 to 16 columns), so the small path's one-vector rows
   * waste little, and k is short (at most 256), where the dot-product path's fixed cost per tile
   * weighs most; from 24 rows, 48 at k 256. Speed small ÷ dot (two kernel jars taking turns in one
   * JVM, AMD EPYC, JDK 25, after the dot path's lane sums in registers): 64x16x192 NT 1.64-1.68,
   * 50x16x200 1.94, 48x16x256 1.42, 64x14x256 1.20, 48x13x192 1.34, 24x16x192 1.36, 24x13x192 1.09;
   * but 32x13x256 0.95, 24x14x256 0.95, 16x16x300 0.97, 32x12x300 0.81, 24x13x320 0.86.
   */
  static boolean smallBeatsDot(int m, int n, int k) {
    return WIDE_TILE && n > 12 && k <= 256 && m >= (k < 256 ? 24 : 48) && smallPath(true, m, n, k);
  }

  private static boolean thinSideLongK(int m, int n, int k) {
    return k >= 192 && Math.min(m, n) <= 96;
  }

  /** How narrow a side the dot-product path takes whatever the other side (see {@link #narrowDot}). */
  private static int narrowWidth(int k) {
    return k >= 512 ? 20 : 12;
  }

  /**
   * Whether A·op(B) with a narrow op(B) (n at most 12, or 20 from k 512) and long k goes to the
   * dot-product path, rather than the in-place tile, which computes a whole panel of NR columns
   * for n. A non-transposed B is first copied as n rows along k. GFLOP/s in place → dot products:
   * 2000 x n x 784 NT, n 2 6.7 → 25, 4 14 → 36, 8 29 → 55, 10 35 → 56, 16 52-55 → 66, 20 66-70 →
   * 74-80, but 24 79-82 → 78-79; 50000x10x784 NT 28 → 38, 2000x10x200 NT 37 → 39; but 300x16x300
   * NT 56-57 → 52.
   */
  static boolean narrowDot(int m, int n, int k) {
    return thinSideLongK(m, n, k) && n <= narrowWidth(k);
  }

  /** The starting accumulators of a tile that does not add onto C (read-only). */
  private static final float[] ZERO_TILE = new float[MR * NR];

  private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

  /** Per-thread packing buffers, grown on demand and reused, so steady-state calls do not allocate. */
  private static final class Workspace {
    float[] packedA = new float[0];
    /** Packed panels of op(B), from a cache-line start (asked on every call, since the collector may move the buffer). */
    final CacheLines.Floats packedB = new CacheLines.Floats();
    /** op(B) of a small product as k rows: a transposed B turned (stride roundUp(n, NR)), or a narrow B copied (stride NR). */
    float[] smallB = new float[0];
    /** Cᵀ of a small product computed transposed ({@link #swapNarrowTN}), and its columns as C's rows. */
    float[] swapped = new float[0], swappedRows = new float[0];
    /**
     * One tile of products (MR x NR, TWO_PANEL_ROWS x 2NR, or a small-path tile of row stride
     * SMALL_BLOCK), for the tiles {@link #update} finishes.
     */
    final float[] tile = new float[Math.max(Math.max(MR * NR, TWO_PANEL_ROWS * 2 * NR), Math.max(THREE_VECTOR_ROWS * 3 * L, Math.max(NARROW_ROWS, TALL_ROWS) * SMALL_BLOCK))];
    /** The offsets of one gathered vector: L rows of a transposed B (see {@link #packB}). */
    final int[] gatherIndex = new int[L];
    /** A column block of B at most one vector wide whose masked vectors would cross the end of its array, copied with row stride NR. */
    float[] edgeB = new float[0];
    /**
     * Columns of a non-transposed B copied as rows along k, for the dot-product path, each row
     * starting a cache line (row stride {@link #lineStride}), so its 512-bit loads touch one line
     * each. Against rows of stride k from index 0 (two kernel jars taking turns in one JVM, A on
     * lines or not): 64x20x784 NN +13-14%, 2000x10x784 NN +6-7%, 50x10x300 NN +9%.
     */
    final CacheLines.Floats rowsOfB = new CacheLines.Floats();

    /** The buffer if it holds size floats, else a new one that does. */
    static float[] grow(float[] buffer, int size) {
      return buffer.length >= size ? buffer : new float[size];
    }

    /** Columns j0 to j0 + count of B (k x n, rows ldb apart from bOff) as count rows of rowsOfB; returns where they start. */
    int columnsAsRows(float[] b, int bOff, int ldb, int k, int j0, int count) {
      int stride = lineStride(k), start = rowsOfB.reserve(count * stride);
      float[] rows = rowsOfB.array();
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < count; j++) rows[start + j * stride + p] = b[bOff + p * ldb + j0 + j];
      }
      return start;
    }
    /** The dot-product path's scratch. */
    final DotSgemm.Scratch dot = new DotSgemm.Scratch();

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
    Route route = route(transA, transB, m, n, k, lda, ldb, ldc, bias);
    // Split along whichever of N (whole panels) and M (whole row tiles) has more tiles: each tile,
    // edge tiles included, is then the same as in a one-thread call, and so is the route, chosen here.
    int panels = (n + NR - 1) / NR, rowTiles = (m + MR - 1) / MR;
    boolean alongN = panels >= rowTiles;
    int units = alongN ? panels : rowTiles;
    int parts = GemmThreads.parts(2L * m * n * k, units);
    if (parts == 1) {
      sequential(route, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, relu);
      return;
    }
    GemmThreads.run(parts, part -> {
      int first = GemmThreads.firstUnit(units, parts, part), end = GemmThreads.firstUnit(units, parts, part + 1);
      if (alongN) {
        int j0 = first * NR, nj = Math.min(n, end * NR) - j0;
        sequential(route, transA, transB, m, nj, k, alpha, a, aOff, lda, b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + j0, ldc,
            bias, biasOff + j0, relu);
      } else {
        int i0 = first * MR, mi = Math.min(m, end * MR) - i0;
        sequential(route, transA, transB, mi, n, k, alpha, a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff, ldb, beta, c, cOff + i0 * ldc, ldc,
            bias, biasOff, relu);
      }
    });
  }

  /** The ways through sgemm, one per call (see {@link #route}). */
  enum Route { ONE_COLUMN, ONE_ROW, TRANSPOSED_TIMES_VECTOR, DOT, IN_PLACE_A, SMALL, PACKED }

  /**
   * Which path computes the product, by shape and layout. Chosen once per call, before it is split
   * among threads: a thread's share must take the same path as in a one-thread call, or its results
   * would round differently.
   * <ul>
   * <li>ONE_COLUMN: a matrix times a vector held contiguous (n = 1, A not transposed): dot products
   *     along A's rows ({@link DotSgemm}) for any k.
   * <li>ONE_ROW: a row vector times Bᵀ (m = 1, the vector contiguous): computed as the column B·xᵀ on
   *     the same dot-product path, the bias along its rows.
   * <li>TRANSPOSED_TIMES_VECTOR: Aᵀ·x (n = 1, C's column contiguous, no bias): computed as the row
   *     xᵀ·A on the small path, which reads A's rows in place.
   * <li>Then A in place for thin products, the dot-product path for thin A·Bᵀ and narrow A·B
   *     ({@link #narrowDot}; B's columns copied as rows) with long k, the
   *     small path for small products and for one row times a non-transposed B (each value of B is
   *     then used once, so packing cannot pay), else the packed path.
   * </ul>
   * Measured (JDK 25, 512-bit, one thread), µs per call before → after: 1000x1x1000 NN 495 → 152, NT
   * 519 → 167, TN 767-823 → 217, 256x1x256 NN 24.5 → 6.1, TN 25.6-29.2 → 5.6, 64x1x64 TN 1.95 → 0.28,
   * 1x1000x1000 NN 312 → 214, TN 292 → 202; and 03's full-batch layer 2: 50000x1x50 NT 1395 → 918
   * (then 812 with DotSgemm's one-column tile), 1x50x50000 TN 1159 → 388.
   */
  static Route route(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc, float[] bias) {
    if (n == 1 && !transA && (transB || ldb == 1)) return Route.ONE_COLUMN;
    if (m == 1 && transB && (!transA || lda == 1)) return Route.ONE_ROW;
    if (n == 1 && transA && ldc == 1 && bias == null) return Route.TRANSPOSED_TIMES_VECTOR;
    if (inPlaceAPath(transA, transB, m, n, k)) return Route.IN_PLACE_A;
    if (!transA && (transB ? dotPath(m, n, k) : narrowDot(m, n, k))) return Route.DOT;
    if (smallPath(transB, m, n, k) || m == 1 && !transB) return Route.SMALL;
    return Route.PACKED;
  }

  /** One thread's share: the whole product for a sub-window of C, by the route chosen for the whole. */
  private static void sequential(Route route, boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean relu) {
    Workspace ws = WORKSPACE.get();
    switch (route) {
      case ONE_COLUMN, DOT -> {
        if (route == Route.DOT && !transB) { // B's n columns copied as rows along k
          int rows = ws.columnsAsRows(b, bOff, ldb, k, 0, n);
          DotSgemm.sgemmNT(m, n, k, alpha, a, aOff, lda, ws.rowsOfB.array(), rows, lineStride(k), beta, c, cOff, ldc, bias, biasOff, false,
              relu, ws.dot);
          return;
        }
        DotSgemm.sgemmNT(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, false, relu, ws.dot);
        return;
      }
      case ONE_ROW -> { // C's row j is row j of B times x: n rows of one column, C's row as that column
        DotSgemm.sgemmNT(n, 1, k, alpha, b, bOff, ldb, a, aOff, 1, beta, c, cOff, 1, bias, biasOff, true, relu, ws.dot);
        return;
      }
      case TRANSPOSED_TIMES_VECTOR -> { // x = op(B)'s column as a 1 x k row, A (k x m) as the right operand
        small(!transB, false, 1, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, m, null, 0, relu, ws);
        return;
      }
      case IN_PLACE_A -> {
        inPlaceA(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, relu, ws);
        return;
      }
      case SMALL -> {
        small(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, relu, ws);
        return;
      }
      case PACKED -> { }
    }
    int depth = blockDepth(k, KC);
    int aSize = Math.min(MC, roundUp(m, MR)) * depth + L; // + L: packA's last vector store passes the panel's end
    int bSize = depth * Math.min(NC, roundUp(n, NR));
    ws.packedA = Workspace.grow(ws.packedA, aSize);
    int pb0 = ws.packedB.reserve(bSize);
    float[] pa = ws.packedA, pb = ws.packedB.array();

    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += depth) {
        int kc = Math.min(depth, k - pc);
        float betaNow = pc == 0 ? beta : 1f; // later depth blocks accumulate onto the first
        boolean lastBlock = pc + kc == k; // the epilogue waits for the last depth block
        float[] biasNow = lastBlock ? bias : null;
        boolean reluNow = lastBlock && relu;
        // A full tile goes straight from registers to C when nothing else is to be done to it: its
        // accumulators start from zero (beta 0) or from C itself (beta 1, the later depth blocks).
        boolean direct = alpha == 1 && (betaNow == 0 || betaNow == 1) && biasNow == null && !reluNow;
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
            float[] bs = packedB || nr < NR ? pb : b;
            int bi = packedB ? pb0 + jr * kc : nr < NR ? pb0 : bOff + pc * ldb + jc + jr;
            int bStep = bs == pb ? NR : ldb;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int ci = cOff + (ic + ir) * ldc + jc + jr;
              tile(mr, nr, kc, pa, ir * kc, 1, MR, bs, bi, bStep, direct, alpha, betaNow, c, ci, ldc,
                  biasNow, biasOff + jc + jr, reluNow, ws.tile);
            }
          }
        }
      }
    }
  }

  /**
   * Whether A is read in place rather than packed ({@link #inPlaceA}): when op(B) is at most two
   * panels wide, so each value of A feeds at most two micro-kernel calls and copying it costs about
   * as much as using it; m large enough to repay packing op(B) whole, which must fit in 4 MiB; and
   * not a small product.
   * Only with the 12-row tile (512-bit vectors), the one measured. Measured (JDK 25, 512-bit, one
   * thread), GFLOP/s before (dot path for A·Bᵀ, else packed) → in place: 50000x50x784 NT 67 → 86,
   * 1000x50x784 NT 75 → 100, 512x64x512 NT 73 → 150, 1000x50x784 NN 64 → 107, 1000x32x256 NN 78 →
   * 138, 512x64x512 NN 112 → 134, 50000x10x50 NN 20 → 32; even at 256x50x784 NT (97 both) and
   * 128x50x784 NT (85 both); but 64x50x784 NT 74 → 71, and small products lose (256x10x50 NT 41 → 34).
   * With op(B) two panels wide and A not transposed ({@link #inPlaceTwoPanels}) from fewer rows
   * ({@link #twoPanelMinRows}).
   * Narrow products with long k go to the dot-product path instead ({@link #narrowDot}).
   */
  static boolean inPlaceAPath(boolean transA, boolean transB, int m, int n, int k) {
    if (!WIDE_TILE || n > 2 * NR || (long) m * n * k <= 262_144) return false;
    if (!transA && narrowDot(m, n, k)) return false;
    if ((long) k * roundUp(n, NR) > 1 << 20) return false; // op(B) packed whole: at most 4 MiB
    return m >= (twoPanelTile(transA, n) ? twoPanelMinRows(transB, k) : 256);
  }

  /**
   * From how many rows {@link #inPlaceTwoPanels} beats the other routes. With a non-transposed B,
   * 16 (the small and packed paths lose from there). With a transposed B the other route is the
   * dot-product path, whose fixed cost per element of C (its lane sums, k's tail) weighs less as
   * k grows, and packing Bᵀ gathers. Measured (JDK 25, 512-bit, one thread), GFLOP/s other route
   * → in place: NN 16x50x784 49 → 72, 32x40x784 49 → 86, 48x50x300 72 → 108; NT 32x50x300 65 → 82,
   * 64x50x500 79 → 83, 96x50x500 82 → 102; but NT 32x50x500 84 → 61, 64x50x784 92-93 → 77-80,
   * 96x50x784 87-100 → 91-95.
   */
  private static int twoPanelMinRows(boolean transB, int k) {
    if (!transB) return 16;
    return k <= 320 ? 32 : k <= 512 ? 64 : 128;
  }

  /** Whether the in-place path takes {@link #inPlaceTwoPanels}: A not transposed, op(B) more than one panel wide. */
  private static boolean twoPanelTile(boolean transA, int n) {
    return !transA && n > NR;
  }

  /**
   * Thin products: op(B) is packed whole once (depth blocks of NR-wide panels), then each MC rows
   * of A are read in place through all of k, so that MC x n block of C stays in cache across the
   * depth blocks instead of being read and written once per block. A row tile short of MR is
   * packed (its missing rows would read past A).
   */
  private static void inPlaceA(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean relu, Workspace ws) {
    if (twoPanelTile(transA, n)) {
      inPlaceTwoPanels(transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, bias, biasOff, relu, ws);
      return;
    }
    int width = roundUp(n, NR);
    // Depth blocks of equal size, none deeper than IN_PLACE_KC (784 = 4 x 196, not 3 x 256 + 16: a thin last
    // block pays a whole round of kernel calls and tile updates for 16 steps of k; 50000x50x784 NT
    // with bias and ReLU, 73 → 81 GFLOP/s, measured here before that shape moved to inPlaceTwoPanels).
    int depth = blockDepth(k, IN_PLACE_KC);
    int pb0 = ws.packedB.reserve(k * width);
    ws.packedA = Workspace.grow(ws.packedA, MR * depth);
    float[] pa = ws.packedA, pb = ws.packedB.array();
    for (int pc = 0; pc < k; pc += depth) packB(transB, b, bOff, ldb, pc, 0, Math.min(depth, k - pc), n, pb, pb0 + pc * width, ws.gatherIndex);
    int rowStep = transA ? 1 : lda, depthStep = transA ? lda : 1;
    for (int ic = 0; ic < m; ic += IN_PLACE_MC) {
      int mc = Math.min(IN_PLACE_MC, m - ic);
      for (int pc = 0; pc < k; pc += depth) {
        int kc = Math.min(depth, k - pc);
        float betaNow = pc == 0 ? beta : 1f; // as in sequential
        boolean lastBlock = pc + kc == k;
        float[] biasNow = lastBlock ? bias : null;
        boolean reluNow = lastBlock && relu;
        boolean direct = alpha == 1 && (betaNow == 0 || betaNow == 1) && biasNow == null && !reluNow;
        int whole = mc / MR * MR; // rows in whole row tiles; a ragged last tile is packed once for all panels
        if (whole < mc) packA(transA, a, aOff, lda, ic + whole, pc, mc - whole, kc, pa);
        for (int jr = 0; jr < n; jr += NR) {
          int nr = Math.min(NR, n - jr), bi = pb0 + pc * width + jr * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir), ci = cOff + (ic + ir) * ldc + jr;
            if (mr == MR) {
              tile(mr, nr, kc, a, aOff + (ic + ir) * rowStep + pc * depthStep, rowStep, depthStep, pb, bi, NR,
                  direct, alpha, betaNow, c, ci, ldc, biasNow, biasOff + jr, reluNow, ws.tile);
            } else {
              tile(mr, nr, kc, pa, 0, 1, MR, pb, bi, NR, direct, alpha, betaNow, c, ci, ldc, biasNow, biasOff + jr, reluNow, ws.tile);
            }
          }
        }
      }
    }
  }

  /** Rows of {@link #inPlaceKernel6x4}'s tile. */
  static final int TWO_PANEL_ROWS = 6;
  /** Rows of {@link #inPlaceKernel8x3}'s tile. */
  static final int THREE_VECTOR_ROWS = 8;
  /**
   * Columns past three vectors that the dot-product path takes rather than a fourth vector of the
   * tile (two of its 3-column tiles). Harness, 2000 x n x 784 NT, µs before (6 x 4) → after: n 51
   * 1348-1423 → 1248-1283, 54 1379-1440 → 1314-1334; but with 8 columns, n 56 1391-1446 → 1430-1477.
   */
  static final int EXTRA_COLUMNS = 2 * DotSgemm.TC;
  /**
   * From what k the dot-product path pays for those columns, as in {@link #dotPath}: for short k its
   * fixed cost per element wins (NN 50000x50x1, 03's input gradient of layer 2: 690 → 1474 µs with
   * the extra columns; 2000x50x10 38 → 63 µs).
   */
  static final int EXTRA_MIN_DEPTH = 192;

  /**
   * {@link #inPlaceA} when op(B) is two panels wide (NR < n ≤ 2NR) and A is not transposed (row i
   * at a[aOff + i*lda + p]), so that each row of A is read once, not once per panel. Up to three
   * vectors wide (n ≤ 3L) a tile of 8 rows by 3 vectors ({@link #inPlaceKernel8x3}); up to
   * {@link #EXTRA_COLUMNS} more and k from {@link #EXTRA_MIN_DEPTH}, that tile and, for the same 8 rows while they are still cached,
   * the dot-product path for the columns past it; wider, 6 rows by both whole panels
   * ({@link #inPlaceKernel6x4}), which computes 4 vectors of columns. Depth blocks of equal size,
   * none deeper than 4 IN_PLACE_KC (both panels of B, 64 KiB per 128 steps, then come from L2: one 784-deep
   * block was 8-10% faster than four 196-deep ones, 2000x50x784 NT, harness). A ragged last row
   * tile repeats its last row (never stored).
   * Measured (JDK 25, 512-bit, one thread, two runs taking turns), GFLOP/s 6 x 4 → 8 x 3: NT
   * 2000x48x784 105-112 → 141-154, 2000x40x784 90-94 → 115-128, 128x40x100 82-87 → 102-105; with
   * two extra columns, 2000x50x784 109-116 → 129-138, NN 2000x50x784 116-117 → 122-145, NN
   * 64x50x784 93-99 → 104, 50000x50x784 NT (03's full-batch forward) 93-104 → 114-116.
   */
  private static void inPlaceTwoPanels(boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean relu, Workspace ws) {
    int depth = blockDepth(k, 4 * IN_PLACE_KC);
    int pb0 = ws.packedB.reserve(k * 2 * NR);
    float[] pb = ws.packedB.array(), tile = ws.tile;
    for (int pc = 0; pc < k; pc += depth) packB(transB, b, bOff, ldb, pc, 0, Math.min(depth, k - pc), n, pb, pb0 + pc * 2 * NR, ws.gatherIndex);
    boolean three = n <= 3 * L || n <= 3 * L + EXTRA_COLUMNS && k >= EXTRA_MIN_DEPTH;
    int tileCols = three ? Math.min(n, 3 * L) : n, rows = three ? THREE_VECTOR_ROWS : TWO_PANEL_ROWS, ldt = three ? 3 * L : 2 * NR;
    int extra = n - tileCols;
    // The columns past the three vectors, as rows along k for the dot-product path.
    float[] eb = b;
    int ebOff = bOff + tileCols * ldb, ldeb = ldb;
    if (extra > 0 && !transB) {
      ebOff = ws.columnsAsRows(b, bOff, ldb, k, tileCols, extra); eb = ws.rowsOfB.array(); ldeb = lineStride(k);
    }
    for (int i = 0; i < m; i += rows) {
      int mr = Math.min(rows, m - i);
      for (int pc = 0; pc < k; pc += depth) {
        int kc = Math.min(depth, k - pc), panel0 = pb0 + pc * 2 * NR;
        boolean lastBlock = pc + kc == k;
        if (three) inPlaceKernel8x3(kc, a, aOff + i * lda + pc, lda, mr - 1, pb, panel0, panel0 + kc * NR, tile);
        else inPlaceKernel6x4(kc, a, aOff + i * lda + pc, lda, mr - 1, pb, panel0, panel0 + kc * NR, tile);
        update(mr, tileCols, tile, ldt, alpha, pc == 0 ? beta : 1f, c, cOff + i * ldc, ldc, lastBlock ? bias : null, biasOff, lastBlock && relu);
      }
      if (extra > 0) {
        DotSgemm.sgemmNT(mr, extra, k, alpha, a, aOff + i * lda, lda, eb, ebOff, ldeb, beta, c, cOff + i * ldc + tileCols, ldc,
            bias, biasOff + tileCols, false, relu, ws.dot);
      }
    }
  }

  /**
   * tile[r*3L + j] = (A rows · B)[r][j] for 8 rows of A read in place (as in {@link #inPlaceKernel6x4})
   * and the first three vectors of two packed panels: 24 accumulators, 3 loads and 8 broadcasts per 24 FMAs.
   */
  private static void inPlaceKernel8x3(int kc, float[] a, int ai, int lda, int lastRow, float[] b, int b0, int b1, float[] tile) {
    int r0 = ai, r1 = ai + Math.min(1, lastRow) * lda, r2 = ai + Math.min(2, lastRow) * lda, r3 = ai + Math.min(3, lastRow) * lda,
        r4 = ai + Math.min(4, lastRow) * lda, r5 = ai + Math.min(5, lastRow) * lda, r6 = ai + Math.min(6, lastRow) * lda,
        r7 = ai + Math.min(7, lastRow) * lda;
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S);
    FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S);
    FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c62 = FloatVector.zero(S);
    FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S), c72 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      FloatVector v0 = FloatVector.fromArray(S, b, b0 + p * NR), v1 = FloatVector.fromArray(S, b, b0 + p * NR + L);
      FloatVector v2 = FloatVector.fromArray(S, b, b1 + p * NR);
      FloatVector x0 = FloatVector.broadcast(S, a[r0 + p]);
      c00 = x0.fma(v0, c00); c01 = x0.fma(v1, c01); c02 = x0.fma(v2, c02);
      FloatVector x1 = FloatVector.broadcast(S, a[r1 + p]);
      c10 = x1.fma(v0, c10); c11 = x1.fma(v1, c11); c12 = x1.fma(v2, c12);
      FloatVector x2 = FloatVector.broadcast(S, a[r2 + p]);
      c20 = x2.fma(v0, c20); c21 = x2.fma(v1, c21); c22 = x2.fma(v2, c22);
      FloatVector x3 = FloatVector.broadcast(S, a[r3 + p]);
      c30 = x3.fma(v0, c30); c31 = x3.fma(v1, c31); c32 = x3.fma(v2, c32);
      FloatVector x4 = FloatVector.broadcast(S, a[r4 + p]);
      c40 = x4.fma(v0, c40); c41 = x4.fma(v1, c41); c42 = x4.fma(v2, c42);
      FloatVector x5 = FloatVector.broadcast(S, a[r5 + p]);
      c50 = x5.fma(v0, c50); c51 = x5.fma(v1, c51); c52 = x5.fma(v2, c52);
      FloatVector x6 = FloatVector.broadcast(S, a[r6 + p]);
      c60 = x6.fma(v0, c60); c61 = x6.fma(v1, c61); c62 = x6.fma(v2, c62);
      FloatVector x7 = FloatVector.broadcast(S, a[r7 + p]);
      c70 = x7.fma(v0, c70); c71 = x7.fma(v1, c71); c72 = x7.fma(v2, c72);
    }
    int t = 0, w = 3 * L;
    c00.intoArray(tile, t); c01.intoArray(tile, t + L); c02.intoArray(tile, t + 2 * L); t += w;
    c10.intoArray(tile, t); c11.intoArray(tile, t + L); c12.intoArray(tile, t + 2 * L); t += w;
    c20.intoArray(tile, t); c21.intoArray(tile, t + L); c22.intoArray(tile, t + 2 * L); t += w;
    c30.intoArray(tile, t); c31.intoArray(tile, t + L); c32.intoArray(tile, t + 2 * L); t += w;
    c40.intoArray(tile, t); c41.intoArray(tile, t + L); c42.intoArray(tile, t + 2 * L); t += w;
    c50.intoArray(tile, t); c51.intoArray(tile, t + L); c52.intoArray(tile, t + 2 * L); t += w;
    c60.intoArray(tile, t); c61.intoArray(tile, t + L); c62.intoArray(tile, t + 2 * L); t += w;
    c70.intoArray(tile, t); c71.intoArray(tile, t + L); c72.intoArray(tile, t + 2 * L);
  }

  /**
   * tile[r*2NR + j] = (A rows · B panels)[r][j] for 6 rows of A read in place (row r at a[ai +
   * min(r, lastRow)*lda + p]) and two packed NR-wide panels of B (p's row at b0 + p*NR and
   * b1 + p*NR): 24 accumulators, 4 loads and 6 broadcasts per 24 FMAs, against 2 loads and 12
   * broadcasts in the 12 x 2 tile, which also reads each row of A twice, once per panel. Indices
   * are p times constants, so C2 hoists their bounds checks out of the loop (the general-stride
   * kernels keep one per load). Harness, one thread, 2000x50x784 NT with bias and ReLU: 1.53-1.58
   * ms by the 12 x 2 tile, 1.31-1.38 by this one.
   */
  private static void inPlaceKernel6x4(int kc, float[] a, int ai, int lda, int lastRow, float[] b, int b0, int b1, float[] tile) {
    int r0 = ai, r1 = ai + Math.min(1, lastRow) * lda, r2 = ai + Math.min(2, lastRow) * lda, r3 = ai + Math.min(3, lastRow) * lda,
        r4 = ai + Math.min(4, lastRow) * lda, r5 = ai + Math.min(5, lastRow) * lda;
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
    FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
    for (int p = 0; p < kc; p++) {
      FloatVector v0 = FloatVector.fromArray(S, b, b0 + p * NR), v1 = FloatVector.fromArray(S, b, b0 + p * NR + L);
      FloatVector v2 = FloatVector.fromArray(S, b, b1 + p * NR), v3 = FloatVector.fromArray(S, b, b1 + p * NR + L);
      FloatVector x0 = FloatVector.broadcast(S, a[r0 + p]);
      c00 = x0.fma(v0, c00); c01 = x0.fma(v1, c01); c02 = x0.fma(v2, c02); c03 = x0.fma(v3, c03);
      FloatVector x1 = FloatVector.broadcast(S, a[r1 + p]);
      c10 = x1.fma(v0, c10); c11 = x1.fma(v1, c11); c12 = x1.fma(v2, c12); c13 = x1.fma(v3, c13);
      FloatVector x2 = FloatVector.broadcast(S, a[r2 + p]);
      c20 = x2.fma(v0, c20); c21 = x2.fma(v1, c21); c22 = x2.fma(v2, c22); c23 = x2.fma(v3, c23);
      FloatVector x3 = FloatVector.broadcast(S, a[r3 + p]);
      c30 = x3.fma(v0, c30); c31 = x3.fma(v1, c31); c32 = x3.fma(v2, c32); c33 = x3.fma(v3, c33);
      FloatVector x4 = FloatVector.broadcast(S, a[r4 + p]);
      c40 = x4.fma(v0, c40); c41 = x4.fma(v1, c41); c42 = x4.fma(v2, c42); c43 = x4.fma(v3, c43);
      FloatVector x5 = FloatVector.broadcast(S, a[r5 + p]);
      c50 = x5.fma(v0, c50); c51 = x5.fma(v1, c51); c52 = x5.fma(v2, c52); c53 = x5.fma(v3, c53);
    }
    int t = 0, w = 2 * NR;
    c00.intoArray(tile, t); c01.intoArray(tile, t + L); c02.intoArray(tile, t + 2 * L); c03.intoArray(tile, t + 3 * L); t += w;
    c10.intoArray(tile, t); c11.intoArray(tile, t + L); c12.intoArray(tile, t + 2 * L); c13.intoArray(tile, t + 3 * L); t += w;
    c20.intoArray(tile, t); c21.intoArray(tile, t + L); c22.intoArray(tile, t + 2 * L); c23.intoArray(tile, t + 3 * L); t += w;
    c30.intoArray(tile, t); c31.intoArray(tile, t + L); c32.intoArray(tile, t + 2 * L); c33.intoArray(tile, t + 3 * L); t += w;
    c40.intoArray(tile, t); c41.intoArray(tile, t + L); c42.intoArray(tile, t + 2 * L); c43.intoArray(tile, t + 3 * L); t += w;
    c50.intoArray(tile, t); c51.intoArray(tile, t + L); c52.intoArray(tile, t + 2 * L); c53.intoArray(tile, t + 3 * L);
  }

  /**
   * Whether a non-transposed B is read in place rather than packed: when few row tiles (m/MR) reuse
   * each panel the copy costs more than its contiguity saves, unless B is too big for the caches
   * (more than 4 MiB), where streaming whole packed rows beats reading 128-byte pieces of every
   * row. Measured on sgemm (JDK 25, 512-bit, 12x2 tile, one thread, two runs), GFLOP/s packed → in
   * place: 50x784x64 TN 113-115 → 133-142, 64x784x50 NN 113-116 → 125-132, 50x784x512 TN 104 → 109,
   * 64x784x1024 NN 108 → 111, 96x512x512 NN 142-143 → 134-143; but 50x784x50000 TN 74-75 → 60-62.
   */
  static boolean unpackedB(int m, int n, int k) {
    return m <= 96 && (long) k * n <= 1 << 20;
  }

  /** The row stride of rows of length k copied to start on cache lines. */
  private static int lineStride(int k) {
    return roundUp(k, CacheLines.FLOATS);
  }

  /** The depth of the fewest equal blocks that cover k and are none deeper than maxDepth (1025 by 1024: two of 513). */
  static int blockDepth(int k, int maxDepth) {
    int blocks = (k + maxDepth - 1) / maxDepth;
    return (k + blocks - 1) / blocks;
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }

  /**
   * Packs op(A)[ic:ic+mc, pc:pc+kc] as MR-row panels; element (p, r) of panel q at q*MR*kc + p*MR + r.
   * Whole panels by vectors: a transposed A one L-lane copy per p, A stored m x k turned in 16 x 16
   * blocks in registers ({@link RegisterTranspose}); each p's vector is L - MR lanes longer than its
   * MR values, and the next p's store writes those again, so pa needs L floats past the last panel.
   * Measured against one value at a time (two kernel jars taking turns in one JVM, JDK 25, AMD EPYC
   * with AVX-512, one thread, 15 rounds): NN 128³ +15%, 256³ +5%, 512³ +3%, 1024³ +1%, 50x784x50
   * +5%; TN 512³ +2%, 1024³ +6%, 50x784x50 +6%, 256³ -2%. Skipping A's packing altogether (wrong
   * results, timing only) was still 3-4% faster at 512³ and 1024³: what is left is reading A.
   */
  static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int pc, int mc, int kc, float[] pa) {
    for (int ir = 0; ir < mc; ir += MR) {
      int base = ir * kc, mr = Math.min(MR, mc - ir);
      if (transA && mr == MR && MR < L) { // one vector per p, its last L - MR lanes overwritten by the next p's
        int src = aOff + pc * lda + ic + ir, dst = base, p = 0;
        for (; p < kc && src + L <= a.length; p++, src += lda, dst += MR) FloatVector.fromArray(S, a, src).intoArray(pa, dst);
        for (; p < kc; p++, src += lda, dst += MR) System.arraycopy(a, src, pa, dst, MR);
      } else if (transA) { // A stored k x m: the MR values of one p are contiguous
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * lda + ic + ir, dst = base + p * MR;
          System.arraycopy(a, src, pa, dst, mr);
          if (mr < MR) Arrays.fill(pa, dst + mr, dst + MR, 0f);
        }
      } else if (mr == MR && L == RegisterTranspose.FLOATS && kc >= L) { // MR rows turned in 16 x 16 blocks
        RegisterTranspose.columnsAsRows(a, aOff + (ic + ir) * lda + pc, lda, MR, kc, pa, base, MR);
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

  /**
   * Rows of a non-transposed B that packB copies into every panel before moving on: 32 rows (100 KB
   * of a 784-wide B) are read once from memory and then stay cached while each panel takes its
   * share. Copying whole rows one at a time scatters each row's stores over every panel (25 pages
   * for a 784-wide B), and panel by panel reads each row 128 bytes at a time: packing x's 157 MB
   * for 50x784x50000 TN took 16-17 ms row by row, 17 ms panel by panel, 13 ms by 16 rows, 12 by
   * 32, 13 by 64 (harness, one thread). The whole product gains less, 85.6-86.7 → 87.4-90.5
   * GFLOP/s (three runs each, taking turns); 512³ unchanged within the spread (143-155 both).
   */
  static final int PACK_ROWS = 32;

  /**
   * Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-column panels from pb[pbOff]; element (p, j) of panel q at
   * pbOff + q*NR*kc + p*NR + j. Whole panels by vectors: B stored k x n is copied {@link #PACK_ROWS}
   * rows at a time into every panel; a transposed B is gathered, one column of lda-strided values
   * per vector.
   */
  static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int jc, int kc, int nc, float[] pb, int pbOff,
      int[] gatherIndex) {
    int full = nc / NR * NR; // the columns in whole panels
    if (!transB) { // B stored k x n: the NR values of one p are contiguous, two vectors
      for (int p0 = 0; p0 < kc; p0 += PACK_ROWS) {
        int rows = Math.min(PACK_ROWS, kc - p0);
        for (int jr = 0; jr < full; jr += NR) {
          int src = bOff + (pc + p0) * ldb + jc + jr, dst = pbOff + jr * kc + p0 * NR;
          for (int p = 0; p < rows; p++, src += ldb, dst += NR) {
            FloatVector.fromArray(S, b, src).intoArray(pb, dst);
            FloatVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
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
    // B stored n x k: column j of op(B) is row j of B. With 16 lanes and kc ≥ 16, each panel's two
    // groups of 16 rows of B are turned in 16 x 16 blocks in registers (RegisterTranspose; JMH, AMD EPYC,
    // gathers → blocks: 64³ NT 6.04 → 5.21 µs, 128³ NT 34.0 → 31.9, 256³ to 1024³ level); else
    // gatherIndex[j] = j*ldb picks one p of L rows.
    if (L == RegisterTranspose.FLOATS && kc >= L) {
      for (int jr = 0; jr < full; jr += NR) {
        int src = bOff + (jc + jr) * ldb + pc, dst = pbOff + jr * kc;
        RegisterTranspose.columnsAsRows(b, src, ldb, L, kc, pb, dst, NR);
        RegisterTranspose.columnsAsRows(b, src + L * ldb, ldb, L, kc, pb, dst + L, NR);
      }
    } else {
      for (int j = 0; j < L; j++) gatherIndex[j] = j * ldb;
      for (int jr = 0; jr < full; jr += NR) {
        int src = bOff + (jc + jr) * ldb + pc, dst = pbOff + jr * kc;
        for (int p = 0; p < kc; p++, dst += NR) {
          FloatVector.fromArray(S, b, src + p, gatherIndex, 0).intoArray(pb, dst);
          FloatVector.fromArray(S, b, src + L * ldb + p, gatherIndex, 0).intoArray(pb, dst + L);
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
  private static void rowsAsColumns(float[] b, int src, int ldb, int cols, int kc, float[] pb, int dst) {
    for (int j = 0; j < cols; j++) {
      for (int p = 0; p < kc; p++) pb[dst + p * NR + j] = b[src + j * ldb + p];
    }
  }

  /**
   * One MR x NR tile of C from the micro-kernel, A's row r at depth p at a[ai + r*rowStep +
   * p*depthStep]: straight into C when the tile is whole and direct, else through the tile buffer
   * and {@link #update}.
   */
  private static void tile(int mr, int nr, int kc, float[] a, int ai, int rowStep, int depthStep,
      float[] b, int bi, int bStep, boolean direct, float alpha, float betaNow, float[] c, int ci, int ldc,
      float[] bias, int biasIdx, boolean relu, float[] buffer) {
    if (direct && mr == MR && nr == NR) {
      if (betaNow == 0) microKernel(MR, kc, a, ai, rowStep, depthStep, b, bi, bStep, ZERO_TILE, 0, NR, c, ci, ldc);
      else microKernel(MR, kc, a, ai, rowStep, depthStep, b, bi, bStep, c, ci, ldc, c, ci, ldc);
    } else {
      microKernel(mr, kc, a, ai, rowStep, depthStep, b, bi, bStep, ZERO_TILE, 0, NR, buffer, 0, NR);
      update(mr, nr, buffer, NR, alpha, betaNow, c, ci, ldc, bias, biasIdx, relu);
    }
  }

  /**
   * One MR x NR tile, out = init + A · B panel, by the micro-kernel this register file fits: init is
   * the zero tile or C itself (row strides ldi, ldo), out is C or the tile buffer. A packed panel
   * (rowStep 1, depthStep MR) goes to the tuned kernels, and a ragged tile of at most 6 rows to the
   * 6-row one even where the tile is 12 rows: half the zero rows computed (TN 50x784x64, whose last
   * tile has 2 rows: 119 → 126 GFLOP/s); of at most 2 rows to {@link #microKernel2x2} (two runs
   * taking turns, GFLOP/s: TN 50x784x64 122-127 → 135-136, 50x784x50000 88-92 → 93-97, NN
   * 50x784x50 120-125 → 130-131). A read in place (only on the 12-row tile, see
   * {@link #inPlaceAPath}) goes to {@link #microKernel12x2InPlace}.
   */
  private static void microKernel(int mr, int kc, float[] a, int ai, int rowStep, int depthStep, float[] b, int bi, int bStep,
      float[] init, int ii, int ldi, float[] out, int oi, int ldo) {
    if (rowStep == 1 && depthStep == MR) {
      if (WIDE_TILE && mr > 6) microKernel12x2(kc, a, ai, b, bi, bStep, init, ii, ldi, out, oi, ldo);
      else if (mr <= 2) microKernel2x2(kc, a, ai, MR, b, bi, bStep, init, ii, ldi, out, oi, ldo);
      else microKernel6x2(kc, a, ai, MR, b, bi, bStep, init, ii, ldi, out, oi, ldo);
    } else {
      microKernel12x2InPlace(kc, a, ai, rowStep, depthStep, b, bi, bStep, init, ii, ldi, out, oi, ldo);
    }
  }

  /**
   * A ragged last tile of at most 2 rows (50 = 4 x 12 + 2 rows of the weight gradient doutᵀ·x):
   * the 6 x 2 tile would spend 12 FMAs a step on 4 useful ones. Two steps of p at a time into two
   * sets of accumulators, added at the end, so that 4 FMA chains do not wait on each other's latency.
   */
  private static void microKernel2x2(int kc, float[] pa, int ai, int aStep, float[] b, int bi, int bStep,
      float[] init, int ii, int ldi, float[] out, int oi, int ldo) {
    FloatVector c00 = FloatVector.fromArray(S, init, ii), c01 = FloatVector.fromArray(S, init, ii + L);
    FloatVector c10 = FloatVector.fromArray(S, init, ii + ldi), c11 = FloatVector.fromArray(S, init, ii + ldi + L);
    FloatVector d00 = FloatVector.zero(S), d01 = FloatVector.zero(S), d10 = FloatVector.zero(S), d11 = FloatVector.zero(S);
    int p = 0;
    for (; p + 1 < kc; p += 2, ai += 2 * aStep, bi += 2 * bStep) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector e0 = FloatVector.fromArray(S, b, bi + bStep), e1 = FloatVector.fromArray(S, b, bi + bStep + L);
      FloatVector a0 = FloatVector.broadcast(S, pa[ai]), a1 = FloatVector.broadcast(S, pa[ai + 1]);
      FloatVector f0 = FloatVector.broadcast(S, pa[ai + aStep]), f1 = FloatVector.broadcast(S, pa[ai + aStep + 1]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      d00 = f0.fma(e0, d00); d01 = f0.fma(e1, d01); d10 = f1.fma(e0, d10); d11 = f1.fma(e1, d11);
    }
    if (p < kc) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector a0 = FloatVector.broadcast(S, pa[ai]), a1 = FloatVector.broadcast(S, pa[ai + 1]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01); c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
    }
    c00.add(d00).intoArray(out, oi); c01.add(d01).intoArray(out, oi + L);
    c10.add(d10).intoArray(out, oi + ldo); c11.add(d11).intoArray(out, oi + ldo + L);
  }

  /**
   * out[oi + r*ldo + j] = init[ii + r*ldi + j] + (A panel · B panel)[r][j] for the first 6 rows of
   * a packed A panel at ai whose rows are aStep apart, and B row p at bi + p*bStep.
   */
  private static void microKernel6x2(int kc, float[] pa, int ai, int aStep, float[] b, int bi, int bStep,
      float[] init, int ii, int ldi, float[] out, int oi, int ldo) {
    FloatVector c00 = FloatVector.fromArray(S, init, ii), c01 = FloatVector.fromArray(S, init, ii + L);
    FloatVector c10 = FloatVector.fromArray(S, init, ii + ldi), c11 = FloatVector.fromArray(S, init, ii + ldi + L);
    FloatVector c20 = FloatVector.fromArray(S, init, ii + 2 * ldi), c21 = FloatVector.fromArray(S, init, ii + 2 * ldi + L);
    FloatVector c30 = FloatVector.fromArray(S, init, ii + 3 * ldi), c31 = FloatVector.fromArray(S, init, ii + 3 * ldi + L);
    FloatVector c40 = FloatVector.fromArray(S, init, ii + 4 * ldi), c41 = FloatVector.fromArray(S, init, ii + 4 * ldi + L);
    FloatVector c50 = FloatVector.fromArray(S, init, ii + 5 * ldi), c51 = FloatVector.fromArray(S, init, ii + 5 * ldi + L);
    for (int p = 0; p < kc; p++, ai += aStep, bi += bStep) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector a0 = FloatVector.broadcast(S, pa[ai + 0]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, pa[ai + 1]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, pa[ai + 2]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, pa[ai + 3]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(S, pa[ai + 4]);
      c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(S, pa[ai + 5]);
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
  private static void microKernel12x2(int kc, float[] pa, int ai, float[] b, int bi, int bStep,
      float[] init, int ii, int ldi, float[] out, int oi, int ldo) {
    FloatVector c00 = FloatVector.fromArray(S, init, ii), c01 = FloatVector.fromArray(S, init, ii + L);
    FloatVector c10 = FloatVector.fromArray(S, init, ii + ldi), c11 = FloatVector.fromArray(S, init, ii + ldi + L);
    FloatVector c20 = FloatVector.fromArray(S, init, ii + 2 * ldi), c21 = FloatVector.fromArray(S, init, ii + 2 * ldi + L);
    FloatVector c30 = FloatVector.fromArray(S, init, ii + 3 * ldi), c31 = FloatVector.fromArray(S, init, ii + 3 * ldi + L);
    FloatVector c40 = FloatVector.fromArray(S, init, ii + 4 * ldi), c41 = FloatVector.fromArray(S, init, ii + 4 * ldi + L);
    FloatVector c50 = FloatVector.fromArray(S, init, ii + 5 * ldi), c51 = FloatVector.fromArray(S, init, ii + 5 * ldi + L);
    FloatVector c60 = FloatVector.fromArray(S, init, ii + 6 * ldi), c61 = FloatVector.fromArray(S, init, ii + 6 * ldi + L);
    FloatVector c70 = FloatVector.fromArray(S, init, ii + 7 * ldi), c71 = FloatVector.fromArray(S, init, ii + 7 * ldi + L);
    FloatVector c80 = FloatVector.fromArray(S, init, ii + 8 * ldi), c81 = FloatVector.fromArray(S, init, ii + 8 * ldi + L);
    FloatVector c90 = FloatVector.fromArray(S, init, ii + 9 * ldi), c91 = FloatVector.fromArray(S, init, ii + 9 * ldi + L);
    FloatVector ca0 = FloatVector.fromArray(S, init, ii + 10 * ldi), ca1 = FloatVector.fromArray(S, init, ii + 10 * ldi + L);
    FloatVector cb0 = FloatVector.fromArray(S, init, ii + 11 * ldi), cb1 = FloatVector.fromArray(S, init, ii + 11 * ldi + L);
    for (int p = 0; p < kc; p++, ai += 12, bi += bStep) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector a0 = FloatVector.broadcast(S, pa[ai + 0]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, pa[ai + 1]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, pa[ai + 2]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, pa[ai + 3]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(S, pa[ai + 4]);
      c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(S, pa[ai + 5]);
      c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
      FloatVector a6 = FloatVector.broadcast(S, pa[ai + 6]);
      c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
      FloatVector a7 = FloatVector.broadcast(S, pa[ai + 7]);
      c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
      FloatVector a8 = FloatVector.broadcast(S, pa[ai + 8]);
      c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
      FloatVector a9 = FloatVector.broadcast(S, pa[ai + 9]);
      c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
      FloatVector aa = FloatVector.broadcast(S, pa[ai + 10]);
      ca0 = aa.fma(b0, ca0); ca1 = aa.fma(b1, ca1);
      FloatVector ab = FloatVector.broadcast(S, pa[ai + 11]);
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
   * {@link #microKernel12x2} with A read in place: row r at depth p at a[ai + r*rowStep + p*depthStep].
   * Kept apart because the general addressing costs the packed kernel 20% (512³ 155 → 120 GFLOP/s:
   * twelve row offsets instead of constant displacements).
   */
  private static void microKernel12x2InPlace(int kc, float[] a, int ai, int rowStep, int depthStep, float[] b, int bi, int bStep,
      float[] init, int ii, int ldi, float[] out, int oi, int ldo) {
    FloatVector c00 = FloatVector.fromArray(S, init, ii), c01 = FloatVector.fromArray(S, init, ii + L);
    FloatVector c10 = FloatVector.fromArray(S, init, ii + ldi), c11 = FloatVector.fromArray(S, init, ii + ldi + L);
    FloatVector c20 = FloatVector.fromArray(S, init, ii + 2 * ldi), c21 = FloatVector.fromArray(S, init, ii + 2 * ldi + L);
    FloatVector c30 = FloatVector.fromArray(S, init, ii + 3 * ldi), c31 = FloatVector.fromArray(S, init, ii + 3 * ldi + L);
    FloatVector c40 = FloatVector.fromArray(S, init, ii + 4 * ldi), c41 = FloatVector.fromArray(S, init, ii + 4 * ldi + L);
    FloatVector c50 = FloatVector.fromArray(S, init, ii + 5 * ldi), c51 = FloatVector.fromArray(S, init, ii + 5 * ldi + L);
    FloatVector c60 = FloatVector.fromArray(S, init, ii + 6 * ldi), c61 = FloatVector.fromArray(S, init, ii + 6 * ldi + L);
    FloatVector c70 = FloatVector.fromArray(S, init, ii + 7 * ldi), c71 = FloatVector.fromArray(S, init, ii + 7 * ldi + L);
    FloatVector c80 = FloatVector.fromArray(S, init, ii + 8 * ldi), c81 = FloatVector.fromArray(S, init, ii + 8 * ldi + L);
    FloatVector c90 = FloatVector.fromArray(S, init, ii + 9 * ldi), c91 = FloatVector.fromArray(S, init, ii + 9 * ldi + L);
    FloatVector ca0 = FloatVector.fromArray(S, init, ii + 10 * ldi), ca1 = FloatVector.fromArray(S, init, ii + 10 * ldi + L);
    FloatVector cb0 = FloatVector.fromArray(S, init, ii + 11 * ldi), cb1 = FloatVector.fromArray(S, init, ii + 11 * ldi + L);
    int r0 = ai, r1 = r0 + rowStep, r2 = r1 + rowStep, r3 = r2 + rowStep, r4 = r3 + rowStep, r5 = r4 + rowStep;
    int r6 = r5 + rowStep, r7 = r6 + rowStep, r8 = r7 + rowStep, r9 = r8 + rowStep, ra = r9 + rowStep, rb = ra + rowStep;
    for (int p = 0, d = 0; p < kc; p++, d += depthStep, bi += bStep) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector a0 = FloatVector.broadcast(S, a[r0 + d]);
      c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
      FloatVector a1 = FloatVector.broadcast(S, a[r1 + d]);
      c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
      FloatVector a2 = FloatVector.broadcast(S, a[r2 + d]);
      c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
      FloatVector a3 = FloatVector.broadcast(S, a[r3 + d]);
      c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
      FloatVector a4 = FloatVector.broadcast(S, a[r4 + d]);
      c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
      FloatVector a5 = FloatVector.broadcast(S, a[r5 + d]);
      c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
      FloatVector a6 = FloatVector.broadcast(S, a[r6 + d]);
      c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
      FloatVector a7 = FloatVector.broadcast(S, a[r7 + d]);
      c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
      FloatVector a8 = FloatVector.broadcast(S, a[r8 + d]);
      c80 = a8.fma(b0, c80); c81 = a8.fma(b1, c81);
      FloatVector a9 = FloatVector.broadcast(S, a[r9 + d]);
      c90 = a9.fma(b0, c90); c91 = a9.fma(b1, c91);
      FloatVector aa = FloatVector.broadcast(S, a[ra + d]);
      ca0 = aa.fma(b0, ca0); ca1 = aa.fma(b1, ca1);
      FloatVector ab = FloatVector.broadcast(S, a[rb + d]);
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
   * Measured (JDK 25, 512-bit, one thread), GFLOP/s packed → small: 10x50x50 TN 42 → 60, 50x50x10 NN
   * 46 → 52, 50x10x50 NT 19 → 30, 100x10x100 NT 22 → 37, 32³ 69 → 87, 64x50x50 NN 70 → 77, 64³ 98 →
   * 103. A transposed B wider than one vector is turned into rows too, in bands of L of its rows
   * (the packed path also turns it, and packs A): two kernel jars taking turns in one JVM (AMD EPYC,
   * JDK 25, one thread), speed small ÷ packed, 512-bit: 50x50x10 NT 1.78-1.82, 64x50x10 1.83-1.93,
   * 50x50x50 1.65-1.69, 32³ 1.35-1.46, 64³ 1.26-1.35, 20x100x30 1.46-1.57, 100x40x60 1.23, 16x200x50
   * 1.09-1.19, 10x200x100 1.31; 256-bit (gathers): from 32 rows 1.08-1.34 (50x50x10 1.12, 64³
   * 1.08), below it 0.95-1.01 (10x200x100 0.95, 16x200x50 0.99, 20x100x30 1.01).
   */
  static boolean smallPath(boolean transB, int m, int n, int k) {
    return (long) m * n * k <= 262_144 && (!transB || n <= L || WIDE_TILE || m >= 32);
  }

  /**
   * Rows of the small path's tile: 4 x 2 vectors. Measured: 6 x 2 was no faster on 48x64x100 (117
   * GFLOP/s both) and its masked loop made C1 give up ("out of virtual registers"), leaving it interpreted.
   */
  static final int SMALL_ROWS = 4;
  /**
   * Rows of the small path's tile when op(B) is one vector wide or less: 8, so 8 accumulators hide
   * the FMA latency as in the 4 x 2 tile (two runs, µs per call: 50x10x50 NT 1.30-1.33 → 1.23-1.31,
   * 64x10x50 NT 1.56-1.60 → 1.42-1.55).
   */
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
   * one vector ends with a vector shifted left to end at the block's edge ({@link #smallKernel};
   * against a masked one, µs per call: 10x50x64 TN 1.16-1.19 → 0.87-0.94, 64x50x10 NN 1.15-1.20 →
   * 0.99-1.06), a narrower one is masked. Copied first: a transposed B, into k rows padded to a
   * multiple of NR (n·k values, while the product costs m·n·k FMAs); a non-transposed B one vector
   * wide or less ({@link #copyNarrowB}); else a narrow column block of B whose last masked vectors
   * would cross the end of its array (see {@link #inRange}). A transposed A times a narrow B is
   * computed transposed ({@link #swapNarrowTN}).
   */
  private static void small(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
      float[] bias, int biasOff, boolean relu, Workspace ws) {
    if (swapNarrowTN(transA, transB, m, n)) { // Cᵀ = Bᵀ·op(A)ᵀ, whose rows are m wide, then turned into C
      ws.swapped = Workspace.grow(ws.swapped, n * m + L); // + L: the narrow tiles' masked stores stay inside it
      ws.swappedRows = Workspace.grow(ws.swappedRows, m * L);
      float[] ct = ws.swapped, rows = ws.swappedRows;
      small(true, false, n, m, k, 1f, b, bOff, ldb, a, aOff, lda, 0f, ct, 0, m, null, 0, false, ws);
      RegisterTranspose.columnsAsRows(ct, 0, m, n, m, rows, 0, L); // Cᵀ's columns: C's rows, L apart
      update(m, n, rows, L, alpha, beta, c, cOff, ldc, bias, biasOff, relu);
      return;
    }
    if (transB) { // rows of stride roundUp(n, NR), so no vector of the last row leaves the array
      int stride = roundUp(n, NR);
      boolean blocks = L == RegisterTranspose.FLOATS;
      ws.smallB = Workspace.grow(ws.smallB, (blocks ? Math.max(k, L) : k) * stride); // k < L: a block writes L rows
      float[] rows = ws.smallB;
      // L of B's rows (op(B)'s columns) at a time; in the last band, lanes past n repeat column n-1
      // (never stored). With 16 lanes, 16 x 16 blocks turned in registers (RegisterTranspose;
      // 50x10x50 NT, two kernel jars taking turns in one JVM on an AMD EPYC, gathers → blocks: 1.20
      // → 1.03 and 1.09 → 0.82 µs), for k < 16 one block from each row's start for the rows whose
      // vector stays inside B (the same, gathers → block: 50x50x10 NT 1.34x, 64x50x10 1.28x,
      // 30x100x12 1.44x, 40x48x3 1.01x); else one gathered vector per p (against a scalar copy, on
      // an Intel Xeon: 1.68-1.75 → 1.30-1.33).
      for (int j0 = 0; j0 < n; j0 += L) {
        int band = Math.min(L, n - j0), from = bOff + j0 * ldb;
        if (blocks && k >= L) {
          RegisterTranspose.columnsAsRows(b, from, ldb, band, k, rows, j0, stride);
        } else if (blocks) { // the rows whose block of L floats stays inside B, then the others one value at a time
          int fit = rowsInRange(from, ldb, band, b.length);
          if (fit > 0) RegisterTranspose.columnsAsRowsShort(b, from, ldb, fit, rows, j0, stride);
          for (int j = fit; j < band; j++) {
            for (int p = 0; p < k; p++) rows[p * stride + j0 + j] = b[from + j * ldb + p];
          }
        } else {
          for (int j = 0; j < L; j++) ws.gatherIndex[j] = Math.min(j, band - 1) * ldb;
          for (int p = 0; p < k; p++) FloatVector.fromArray(S, b, from + p, ws.gatherIndex, 0).intoArray(rows, p * stride + j0);
        }
      }
      b = rows;
      bOff = 0;
      ldb = stride;
    } else if (copyNarrowB(transA, m, n)) { // B's rows at stride NR, so the narrow tiles' indexes are constant strides
      ws.smallB = Workspace.grow(ws.smallB, k * NR);
      float[] rows = ws.smallB;
      VectorMask<Float> cols = S.indexInRange(0, n);
      // The rows whose vector stays inside B (see inRange) by masked loads, lanes past n as zeros, in a loop
      // without a test per row (against one: 50x10x50 NN 1.04-1.09x, two jars taking turns); the others copied.
      int fit = rowsInRange(bOff, ldb, k, b.length);
      for (int p = 0; p < fit; p++) FloatVector.fromArray(S, b, bOff + p * ldb, cols).intoArray(rows, p * NR);
      for (int p = fit; p < k; p++) {
        System.arraycopy(b, bOff + p * ldb, rows, p * NR, n);
        Arrays.fill(rows, p * NR + n, p * NR + L, 0f);
      }
      b = rows;
      bOff = 0;
      ldb = NR;
    }
    int rowStep = transA ? 1 : lda, depthStep = transA ? lda : 1;
    boolean plain = alpha == 1 && beta == 0 && bias == null && !relu;
    boolean tallBlocks = tallTiles(transA, m);
    // op(B) copied as rows of stride NR (n ≤ L: one column block, from index 0), as the narrow row tiles read it.
    boolean narrowRows = b == ws.smallB && ldb == NR && !transA;
    boolean narrowTen = narrowRows && narrowTenRows(m);
    for (int j = 0, nr; j < n; j += nr) {
      // A 4-vector block where more than 3 vectors of columns are left (2 for the 10-row tile), else 2 vectors or fewer.
      nr = Math.min(n - j, n - j > SMALL_BLOCK - L && !tallBlocks ? SMALL_BLOCK : NR);
      float[] bs = b;
      int bj = bOff + j, ldbs = ldb;
      if (nr <= L && !inRange(bj + (k - 1) * ldb, b.length)) { // the block's last rows end the array: copy it, padded
        ws.edgeB = Workspace.grow(ws.edgeB, k * NR);
        for (int p = 0; p < k; p++) System.arraycopy(b, bj + p * ldb, ws.edgeB, p * NR, nr);
        bs = ws.edgeB;
        bj = 0;
        ldbs = NR;
      }
      int rows = nr > NR ? WIDE_ROWS : nr > L ? SMALL_ROWS : narrowTen ? TALL_ROWS : NARROW_ROWS;
      for (int i = 0, mr; i < m; i += mr) {
        boolean tall = tallBlocks && nr > L; // m is a multiple of TALL_ROWS: every row tile is whole
        mr = Math.min(tall ? TALL_ROWS : rows, m - i);
        int ai = aOff + i * rowStep, bi = bj, ci = cOff + i * ldc + j;
        // Masked stores straight into C only where they stay inside the array (see inRange).
        boolean direct = plain && (nr > L || inRange(ci + (mr - 1) * ldc, c.length));
        float[] out = direct ? c : ws.tile;
        int oi = direct ? ci : 0, ldo = direct ? ldc : SMALL_BLOCK;
        if (tall) smallKernel10x2T(k, nr, a, ai, lda, bs, bi, ldbs, out, oi, ldo);
        else if (nr > NR) smallKernel5x4(k, mr, nr, a, ai, rowStep, depthStep, bs, bi, ldbs, out, oi, ldo);
        else if (nr > L) smallKernel(k, mr, nr, a, ai, rowStep, depthStep, bs, bi, ldbs, out, oi, ldo);
        else if (narrowTen && direct) { // m a multiple of 10; the next whole tiles whose stores stay inside C, in one call
          int tiles = rowsInRange(ci + (TALL_ROWS - 1) * ldc, TALL_ROWS * ldc, (m - i) / TALL_ROWS, c.length); // their last rows
          mr = tiles * TALL_ROWS;
          smallKernelNarrowRows10(tiles, k, nr, a, ai, lda, bs, out, oi, ldo);
        }
        else if (narrowTen) smallKernelNarrowRows10(1, k, nr, a, ai, lda, bs, out, oi, ldo);
        else if (narrowRows) smallKernelNarrowRows(k, mr, nr, a, ai, lda, bs, out, oi, ldo);
        else smallKernelNarrow(k, mr, nr, a, ai, rowStep, depthStep, bs, bi, ldbs, out, oi, ldo);
        if (!direct) update(mr, nr, ws.tile, SMALL_BLOCK, alpha, beta, c, ci, ldc, bias, biasOff + j, relu);
      }
    }
  }

  /**
   * Whether the small path computes op(A)·B with A transposed and B narrower than one vector as its
   * transpose Bᵀ·op(A)ᵀ, m wide, then turned into C (16 x 16 blocks in registers): op(A)'s rows are
   * then the vectors, so B's narrow rows no longer leave lanes idle, and 10 of B's columns take the
   * 10-row tile. The lesson's layer-2 weight gradient in its x@w layout (inp.T @ out.g, 50x10x50 TN)
   * is such a product. Two kernel jars taking turns in one JVM (AMD EPYC, JDK 25, one thread), speed
   * over the 8-row narrow tile: 50x10x50 TN 1.80, 64x10x50 1.91, 100x10x100 1.53, 200x10x100 1.84,
   * 16x10x100 1.45, 30x12x300 2.20, 50x13x50 to 50x15x50 1.32-1.53, 50x7x50 1.66, 50x3x50 2.38,
   * 40x12x100 0.97 (1.03 in separate JVMs). Not with 16 columns, where no lane is idle: 50x16x50
   * 0.88, 64x16x64 1.02, 20x16x200 0.93.
   */
  static boolean swapNarrowTN(boolean transA, boolean transB, int m, int n) {
    return L == RegisterTranspose.FLOATS && transA && !transB && n < L && m >= L;
  }

  /**
   * Whether the small path copies a non-transposed B one vector wide or less (k rows of n) to rows
   * of stride NR, for {@link #smallKernelNarrowRows} and {@link #smallKernelNarrowRows10}, as it does
   * a transposed one: A not transposed, whose rows those tiles read along k, and more than one row.
   * The copy is k masked loads; the tiles' loads then have constant strides. Two kernel jars taking
   * turns in one JVM (AMD EPYC, JDK 25, one thread), speed over the general narrow tile: 50x10x50 NN
   * (the lesson's layer-2 forward in its x@w layout) 1.25, 64x10x50 1.19, 100x10x100 1.30, 20x3x100
   * 1.24, 4x10x50 1.08, 2x10x50 1.05; 30x16x100 0.95 there, 1.09 in separate JVMs (883 → 813 ns).
   */
  static boolean copyNarrowB(boolean transA, int m, int n) {
    return !transA && n <= L && m > 1;
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
   * How many of count rows, the first at offset and each ld (> 0) after it, have their vector of L
   * values inside an array of this length ({@link #inRange}): always the first ones.
   */
  private static int rowsInRange(int offset, int ld, int count, int length) {
    int room = length - L - offset;
    return room < 0 ? 0 : Math.min(count, room / ld + 1);
  }

  /**
   * out[oi + r*ldo + j] = (A rows · B)[r][j] for r < mr (at most 4) and L < nr ≤ 2L: rows past mr
   * re-read row mr-1 (always in bounds) and are not stored. No masks: the second vector is the one
   * that ends at column nr (columns nr-L to nr-1), overlapping the first, whose common columns it
   * computes with the same products in the same order, so both stores write the same values. Every
   * load and store stays inside the nr columns.
   */
  private static void smallKernel(int k, int mr, int nr, float[] a, int ai, int rowStep, int depthStep,
      float[] b, int bi, int ldb, float[] out, int oi, int ldo) {
    int shift = nr - L; // where the second vector starts
    int last = mr - 1;
    int a0 = ai, a1 = ai + Math.min(1, last) * rowStep, a2 = ai + Math.min(2, last) * rowStep, a3 = ai + Math.min(3, last) * rowStep;
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    for (int p = 0, d = 0; p < k; p++, d += depthStep, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + shift);
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31);
    }
    c00.intoArray(out, oi); c01.intoArray(out, oi + shift);
    if (mr > 1) { c10.intoArray(out, oi + ldo); c11.intoArray(out, oi + ldo + shift); }
    if (mr > 2) { c20.intoArray(out, oi + 2 * ldo); c21.intoArray(out, oi + 2 * ldo + shift); }
    if (mr > 3) { c30.intoArray(out, oi + 3 * ldo); c31.intoArray(out, oi + 3 * ldo + shift); }
  }

  /**
   * Whether a transposed B one vector wide or less is computed 10 rows at a time
   * ({@link #smallKernelNarrowRows10}) instead of 8: 512-bit vectors, m a multiple of 10 but not of
   * 8, so no tile computes rows it does not store (a tile's cost does not depend on how many of its
   * rows are real). Two kernel jars taking turns in one JVM (AMD EPYC, JDK 25, one thread), two
   * runs: 50x10x50 NT +9/+10%, 70x10x100 NT +8/+3%, 30x10x50 NT +2/+5%; 64x10x50 NT, whose code
   * did not change, +9/−4% (the spread of such runs).
   */
  static boolean narrowTenRows(int m) {
    return WIDE_TILE && m % TALL_ROWS == 0 && m % NARROW_ROWS != 0;
  }

  /** Rows of {@link #smallKernel10x2T}'s tile. */
  static final int TALL_ROWS = 10;

  /**
   * Whether the small path computes op(A)'s rows 10 at a time ({@link #smallKernel10x2T}) in
   * two-vector column blocks: A transposed (its rows side by side along each depth step), 512-bit
   * vectors, m a multiple of 10. Two kernel jars taking turns in one JVM (JDK 25, one thread),
   * GFLOP/s 4- and 5-row tiles → 10-row tiles: 10x50x50 TN 90.8 → 97.9, 10x50x64 98.4 → 106.5,
   * 10x100x100 65.4 → 76.5, 10x20x50 46.2 → 73.6, 20x40x50 62.0 → 70.9, 30x64x100 121 → 133,
   * 50x50x50 94.2 → 102; but with other m, whose last rows then went to 4-row tiles, 16x64x30 96.1 →
   * 90.5 (12x100x64 +2%, 64³ TN level).
   */
  static boolean tallTiles(boolean transA, int m) {
    return WIDE_TILE && transA && m % TALL_ROWS == 0;
  }

  /**
   * out[oi + r*ldo + j] = (op(A) rows · B)[r][j] for 10 rows of a transposed A (row r at depth p at
   * a[ai + p*lda + r]) and L < nr ≤ 2L, the second vector ending at column nr as in
   * {@link #smallKernel}. Twice the rows of {@link #smallKernel5x4} for half the vectors of B: two B
   * loads and ten broadcasts per 20 FMAs instead of four and five, and the rows at constant offsets
   * from one index, so their bounds checks merge (its compiled loop checks the first and the tenth
   * only; in a harness, 10x50x50 TN: 535 ns with the 5 x 4 tile's general strides, 470 with
   * constant offsets, 442 with this tile).
   */
  private static void smallKernel10x2T(int k, int nr, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] out, int oi, int ldo) {
    int shift = nr - L;
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
    FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S), c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
    FloatVector c80 = FloatVector.zero(S), c81 = FloatVector.zero(S), c90 = FloatVector.zero(S), c91 = FloatVector.zero(S);
    for (int p = 0, d = ai; p < k; p++, d += lda, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + shift);
      FloatVector x = FloatVector.broadcast(S, a[d]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[d + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[d + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[d + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[d + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[d + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[d + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[d + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(S, a[d + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(S, a[d + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
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
   * third. Against two 4 x 2 column blocks (harness, µs per call, one thread): 10x50x50 TN 0.82 →
   * 0.53, 50x50x10 NN 0.88 → 0.59, 64³ NN 5.5 → 4.0; 4 x 4 and 6 x 4 were slower (0.67 and 0.59 on 10x50x50 TN).
   */
  private static void smallKernel5x4(int k, int mr, int nr, float[] a, int ai, int rowStep, int depthStep,
      float[] b, int bi, int ldb, float[] out, int oi, int ldo) {
    int shift = nr - L; // where the fourth vector starts
    int last = mr - 1;
    int a0 = ai, a1 = ai + Math.min(1, last) * rowStep, a2 = ai + Math.min(2, last) * rowStep, a3 = ai + Math.min(3, last) * rowStep,
        a4 = ai + Math.min(4, last) * rowStep;
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
    FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S);
    for (int p = 0, d = 0; p < k; p++, d += depthStep, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi), b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L), b3 = FloatVector.fromArray(S, b, bi + shift);
      FloatVector x0 = FloatVector.broadcast(S, a[a0 + d]);
      c00 = x0.fma(b0, c00); c01 = x0.fma(b1, c01); c02 = x0.fma(b2, c02); c03 = x0.fma(b3, c03);
      FloatVector x1 = FloatVector.broadcast(S, a[a1 + d]);
      c10 = x1.fma(b0, c10); c11 = x1.fma(b1, c11); c12 = x1.fma(b2, c12); c13 = x1.fma(b3, c13);
      FloatVector x2 = FloatVector.broadcast(S, a[a2 + d]);
      c20 = x2.fma(b0, c20); c21 = x2.fma(b1, c21); c22 = x2.fma(b2, c22); c23 = x2.fma(b3, c23);
      FloatVector x3 = FloatVector.broadcast(S, a[a3 + d]);
      c30 = x3.fma(b0, c30); c31 = x3.fma(b1, c31); c32 = x3.fma(b2, c32); c33 = x3.fma(b3, c33);
      FloatVector x4 = FloatVector.broadcast(S, a[a4 + d]);
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
  private static void smallKernelNarrow(int k, int mr, int nr, float[] a, int ai, int rowStep, int depthStep,
      float[] b, int bi, int ldb, float[] out, int oi, int ldo) {
    VectorMask<Float> m0 = S.indexInRange(0, nr);
    int last = mr - 1;
    int a0 = ai, a1 = ai + Math.min(1, last) * rowStep, a2 = ai + Math.min(2, last) * rowStep, a3 = ai + Math.min(3, last) * rowStep;
    int a4 = ai + Math.min(4, last) * rowStep, a5 = ai + Math.min(5, last) * rowStep, a6 = ai + Math.min(6, last) * rowStep,
        a7 = ai + Math.min(7, last) * rowStep;
    FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
    for (int p = 0, d = 0; p < k; p++, d += depthStep, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi, m0);
      c0 = FloatVector.broadcast(S, a[a0 + d]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[a1 + d]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[a2 + d]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[a3 + d]).fma(b0, c3);
      c4 = FloatVector.broadcast(S, a[a4 + d]).fma(b0, c4);
      c5 = FloatVector.broadcast(S, a[a5 + d]).fma(b0, c5);
      c6 = FloatVector.broadcast(S, a[a6 + d]).fma(b0, c6);
      c7 = FloatVector.broadcast(S, a[a7 + d]).fma(b0, c7);
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
   * {@link #smallKernelNarrow} for A's rows along k (row r at a[ai + r*lda + p]) and op(B) turned
   * into rows of stride NR from index 0 (the small path's copy of a transposed B): every index is p
   * times a constant plus a loop-invariant offset, so C2 hoists the bounds checks out of the loop.
   */
  private static void smallKernelNarrowRows(int k, int mr, int nr, float[] a, int ai, int lda, float[] b,
      float[] out, int oi, int ldo) {
    VectorMask<Float> m0 = S.indexInRange(0, nr);
    int last = mr - 1;
    int a0 = ai, a1 = ai + Math.min(1, last) * lda, a2 = ai + Math.min(2, last) * lda, a3 = ai + Math.min(3, last) * lda;
    int a4 = ai + Math.min(4, last) * lda, a5 = ai + Math.min(5, last) * lda, a6 = ai + Math.min(6, last) * lda,
        a7 = ai + Math.min(7, last) * lda;
    FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
    FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
    for (int p = 0; p < k; p++) {
      FloatVector b0 = FloatVector.fromArray(S, b, p * NR);
      c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
      c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
      c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
      c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
      c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
      c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
      c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b0, c6);
      c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b0, c7);
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
   * {@link #smallKernelNarrowRows} with 10 rows, for m a multiple of 10 ({@link #narrowTenRows}):
   * every row tile is whole, as in {@link #smallKernel10x2T}. {@code tiles} consecutive tiles in one
   * call, so each does not pay a call of its own (two kernel jars taking turns in one JVM, AMD EPYC,
   * JDK 25: 50x10x50 NN 1.02-1.04x, 100x10x100 NN 1.02-1.08x; two identical jars there gave
   * 0.97-1.01 and 0.91-1.00, so this is near the harness's noise).
   */
  private static void smallKernelNarrowRows10(int tiles, int k, int nr, float[] a, int ai, int lda, float[] b, float[] out, int oi, int ldo) {
    VectorMask<Float> m0 = S.indexInRange(0, nr);
    for (int t = 0; t < tiles; t++, ai += TALL_ROWS * lda, oi += TALL_ROWS * ldo) {
      int a0 = ai, a1 = ai + lda, a2 = ai + 2 * lda, a3 = ai + 3 * lda, a4 = ai + 4 * lda;
      int a5 = ai + 5 * lda, a6 = ai + 6 * lda, a7 = ai + 7 * lda, a8 = ai + 8 * lda, a9 = ai + 9 * lda;
      FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S), c4 = FloatVector.zero(S);
      FloatVector c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S), c8 = FloatVector.zero(S), c9 = FloatVector.zero(S);
      for (int p = 0; p < k; p++) {
        FloatVector b0 = FloatVector.fromArray(S, b, p * NR);
        c0 = FloatVector.broadcast(S, a[a0 + p]).fma(b0, c0);
        c1 = FloatVector.broadcast(S, a[a1 + p]).fma(b0, c1);
        c2 = FloatVector.broadcast(S, a[a2 + p]).fma(b0, c2);
        c3 = FloatVector.broadcast(S, a[a3 + p]).fma(b0, c3);
        c4 = FloatVector.broadcast(S, a[a4 + p]).fma(b0, c4);
        c5 = FloatVector.broadcast(S, a[a5 + p]).fma(b0, c5);
        c6 = FloatVector.broadcast(S, a[a6 + p]).fma(b0, c6);
        c7 = FloatVector.broadcast(S, a[a7 + p]).fma(b0, c7);
        c8 = FloatVector.broadcast(S, a[a8 + p]).fma(b0, c8);
        c9 = FloatVector.broadcast(S, a[a9 + p]).fma(b0, c9);
      }
      c0.intoArray(out, oi, m0);
      c1.intoArray(out, oi + ldo, m0);
      c2.intoArray(out, oi + 2 * ldo, m0);
      c3.intoArray(out, oi + 3 * ldo, m0);
      c4.intoArray(out, oi + 4 * ldo, m0);
      c5.intoArray(out, oi + 5 * ldo, m0);
      c6.intoArray(out, oi + 6 * ldo, m0);
      c7.intoArray(out, oi + 7 * ldo, m0);
      c8.intoArray(out, oi + 8 * ldo, m0);
      c9.intoArray(out, oi + 9 * ldo, m0);
    }
  }

  /**
   * C[0:mr, 0:nr] = act(alpha * tile + beta * C + bias) for a tile the micro-kernel left in the
   * buffer (row stride ldt): C is read only when beta != 0, bias (one value per column) added if not null, then ReLU.
   * Whole vectors where nr allows, the rest of a ragged row masked (scalar at the end of C or the bias).
   */
  private static void update(int mr, int nr, float[] tile, int ldt, float alpha, float beta, float[] c, int ci, int ldc,
      float[] bias, int biasIdx, boolean relu) {
    int vectorEnd = nr / L * L;
    FloatVector alphaV = FloatVector.broadcast(S, alpha), betaV = FloatVector.broadcast(S, beta);
    for (int r = 0; r < mr; r++) {
      int t = r * ldt, row = ci + r * ldc;
      for (int j = 0; j < vectorEnd; j += L) {
        FloatVector v = FloatVector.fromArray(S, tile, t + j).mul(alphaV);
        if (beta != 0) v = FloatVector.fromArray(S, c, row + j).fma(betaV, v);
        if (bias != null) v = v.add(FloatVector.fromArray(S, bias, biasIdx + j));
        if (relu) v = v.max(0f);
        v.intoArray(c, row + j);
      }
      int j = vectorEnd;
      if (j < nr && inRange(row + j, c.length) && (bias == null || inRange(biasIdx + j, bias.length))) {
        // the ragged end of the row, masked, where its vector stays inside C and the bias (see inRange)
        VectorMask<Float> in = S.indexInRange(j, nr);
        FloatVector v = FloatVector.fromArray(S, tile, t + j).mul(alphaV);
        if (beta != 0) v = FloatVector.fromArray(S, c, row + j, in).fma(betaV, v);
        if (bias != null) v = v.add(FloatVector.fromArray(S, bias, biasIdx + j, in));
        if (relu) v = v.max(0f);
        v.intoArray(c, row + j, in);
      } else {
        for (; j < nr; j++) {
          float v = alpha * tile[t + j];
          if (beta != 0) v += beta * c[row + j];
          if (bias != null) v += bias[biasIdx + j];
          c[row + j] = relu ? Math.max(v, 0f) : v;
        }
      }
    }
  }
}
