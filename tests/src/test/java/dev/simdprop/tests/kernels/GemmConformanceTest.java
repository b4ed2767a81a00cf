package dev.simdprop.tests.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import dev.simdprop.kernels.impl.KernelSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * sgemm and dgemm of every implementation against a double-precision reference computed here, and
 * the Vector API kernels against the scalar twins, on the same inputs: shape sweeps with tails,
 * all transposes, random offsets and padded leading dimensions, every alpha/beta combination, NaN in
 * C when beta is 0, and a check that nothing outside C's window changes.
 *
 * <p>Tolerance per element: (k + 2)·ε·(|alpha|·Σ_p |a_ip·b_pj| + |beta·c_ij|), with ε the machine
 * epsilon of the type (2⁻²³ for float) — twice the classical k·u bound on a dot product of length k,
 * plus the roundings of the alpha/beta update.
 */
class GemmConformanceTest {
  static final float[] SCALARS = {0f, 1f, -0.5f, 2f};
  /** Every size 1..33, a sample up to 67, and the large ones the issue names. */
  static final int[] FULL = IntStream.concat(IntStream.rangeClosed(1, 33),
      IntStream.of(37, 41, 47, 48, 49, 53, 63, 64, 65, 67, 128, 255, 256, 257, 1000)).toArray();
  /**
   * Sizes around the micro-tile: MR = 6 rows on AVX2, 12 with 512-bit vectors; NR = 2 vectors =
   * 16 floats / 8 doubles on AVX2, 32 floats / 16 doubles with 512-bit vectors.
   */
  static final int[] TILE_EDGES = {1, 5, 7, 8, 9, 11, 12, 13, 16, 17, 31, 33};
  static final boolean[] BOOLS = {false, true};

  @Test
  void sgemmSweepsEachDimensionOverAllSizes() {
    sweep(true);
  }

  @Test
  void dgemmSweepsEachDimensionOverAllSizes() {
    sweep(false);
  }

  /** Each dimension runs over FULL while the other two run over the tile edges; all four transposes. */
  private static void sweep(boolean single) {
    int caseNo = 0;
    for (int dim = 0; dim < 3; dim++) {
      for (int big : FULL) {
        for (int s1 : TILE_EDGES) {
          for (int s2 : TILE_EDGES) {
            int m = dim == 0 ? big : s1, n = dim == 1 ? big : (dim == 0 ? s1 : s2), k = dim == 2 ? big : s2;
            for (boolean tA : BOOLS) {
              for (boolean tB : BOOLS) {
                // Rotate through the 16 alpha/beta pairs so every shape class meets all of them.
                float alpha = SCALARS[caseNo % 4], beta = SCALARS[(caseNo / 4) % 4];
                check(single, tA, tB, m, n, k, alpha, beta, caseNo++);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void everyAlphaBetaPairOnMediumShapes() {
    int[][] shapes = {{1, 1, 1}, {7, 17, 5}, {33, 31, 29}, {67, 65, 64}, {6, 16, 256}};
    int seed = 0;
    for (int[] s : shapes) {
      for (float alpha : SCALARS) {
        for (float beta : SCALARS) {
          for (boolean tA : BOOLS) {
            for (boolean tB : BOOLS) {
              check(true, tA, tB, s[0], s[1], s[2], alpha, beta, seed++);
              check(false, tA, tB, s[0], s[1], s[2], alpha, beta, seed++);
            }
          }
        }
      }
    }
  }

  /**
   * Sizes at ±1 of every blocking boundary of the packed path: MR (6 or 12 rows), NR (2 vectors),
   * MC (72 or 96 rows; dgemm 96 or 48), KC (256 or 1024, in equal depth blocks; dgemm 192 or 1024), NC (4096
   * floats; 2048 doubles, 512 at 512 bits), several blocks at once; and of
   * the small-product path (m·n·k up to 2^18, and for a transposed B, n up to one vector). The
   * other dimensions are big enough that m·n·k passes 2^18, so these shapes take the packed path;
   * of the path that reads A in place for thin products (m ≥ 256, n ≤ 2 NR) and its 6- and 8-row tiles; and of the dot-product
   * path's tile; and of the small path's tiles.
   */
  @Test
  void blockingBoundaries() {
    int seed = 1000;
    int[][] shapes = {
        {5, 70, 800}, {6, 70, 800}, {7, 70, 800}, {11, 64, 400}, {12, 64, 400}, {13, 64, 400},
        {64, 15, 300}, {64, 17, 300}, {64, 31, 200}, {64, 33, 200}, {64, 65, 100},
        {71, 40, 100}, {72, 40, 100}, {73, 40, 100}, {143, 40, 64}, {144, 40, 64}, {145, 40, 64}, {289, 40, 32},
        {40, 33, 255}, {40, 33, 256}, {40, 33, 257}, {13, 40, 513},
        {3, 2047, 50}, {3, 2048, 50}, {3, 2049, 50}, {2, 4095, 40}, {2, 4096, 40}, {2, 4097, 40},
        {12, 511, 60}, {12, 512, 60}, {12, 513, 60}, {7, 1537, 40},
        {64, 64, 64}, {64, 64, 65}, {64, 8, 512}, {64, 16, 256}, {64, 17, 256},
        {145, 33, 257}, {150, 70, 520}, {128, 128, 128}, {255, 257, 256},
        // MC at 512 bits (sgemm 96 rows, dgemm 48) and KC (1024: 1025 and 2049 make two and three equal blocks) ±1
        {95, 130, 1023}, {96, 130, 1024}, {97, 130, 1025}, {193, 97, 2049}, {47, 70, 300}, {48, 70, 300}, {49, 70, 300},
        // dgemm's KC on AVX2 (192) ±1, and 2 x 96 rows (its MC on AVX2) ±1, several blocks of both
        {191, 40, 64}, {192, 40, 64}, {193, 40, 64}, {40, 33, 191}, {40, 33, 192}, {40, 33, 193}, {385, 70, 577},
        // A read in place (m at least 256, n at most 2 NR): MR, MC, KC and the 2-panel width ±1
        {255, 64, 300}, {256, 1, 1100}, {257, 63, 40}, {288, 33, 257}, {289, 65, 255}, {300, 31, 513},
        {433, 50, 256}, {1000, 17, 30},
        // its 6-row tile across both panels (A not transposed, NR < n ≤ 2 NR): last tiles of 1 to 5
        // rows, more than one depth block (k over 4 KC)
        {259, 34, 300}, {260, 40, 1100}, {261, 47, 200}, {262, 64, 2049},
        // its 8-row, 3-vector tile (n ≤ 3 vectors), with the dot-product path for up to 6 columns past
        // it from k 192: last tiles of 1 to 7 rows, n at 48 ± 1 and 54 ± 1, k across the dot path's
        // vector tail and at 192 ± 1, more than one depth block
        {265, 48, 300}, {266, 49, 100}, {267, 54, 1100}, {268, 55, 200}, {269, 33, 65}, {270, 47, 2049}, {271, 50, 17}, {272, 50, 191}, {273, 50, 192},
        // which it takes from 16 rows with a non-transposed B, with a transposed one from 32, 64 or
        // 128 rows as k passes 320 and 512
        {15, 50, 784}, {16, 50, 784}, {31, 50, 320}, {32, 50, 320}, {32, 50, 321}, {63, 50, 512}, {64, 50, 512},
        {64, 50, 513}, {127, 50, 784}, {128, 50, 784}, {131, 64, 65},
        // and leaves to the dot-product path for a narrow op(B): n 12 / 13 below k 512, 20 / 21 from it
        {300, 12, 511}, {300, 13, 511}, {300, 20, 512}, {300, 21, 512}, {257, 2, 192}, {257, 2, 191},
        // the dot-product path (A·Bᵀ, k ≥ 192, a thin side): its 4 or 8 rows and 3 columns ±1
        {3, 2, 300}, {4, 3, 300}, {5, 4, 200}, {8, 40, 300}, {9, 41, 200}, {16, 50, 784}, {17, 49, 784},
        // and its bounds at 512 bits: C of 10 000 values ±1 with a side of 96 (from k 320), a side just
        // past its 96 rows, a side of 20 (k ≥ 512) or 12 ±1 with a wide other side
        {96, 104, 400}, {96, 105, 400}, {104, 96, 400}, {105, 96, 400},
        {100, 100, 200}, {100, 101, 200}, {101, 99, 193}, {20, 600, 512}, {21, 480, 512}, {600, 21, 520}, {12, 900, 300}, {13, 800, 300},
        // below k 320 only with a thin side of at most 24: k 319 / 320, a side of 24 / 25
        {60, 50, 319}, {60, 50, 320}, {24, 100, 300}, {25, 100, 300}, {100, 24, 250}, {100, 25, 250},
        // where the small path takes A·Bᵀ from it instead: n 12 / 13, k 255 / 256 / 257, m 23 / 24 and 47 / 48
        {24, 12, 200}, {24, 13, 200}, {23, 16, 255}, {24, 16, 255}, {47, 13, 256}, {48, 13, 256}, {48, 13, 257},
        // the small path's 5-row, 4-vector tile (512-bit): its rows ±1, 3 to 4 vectors of columns, a second block
        {4, 49, 30}, {5, 64, 30}, {6, 63, 30}, {10, 50, 50}, {11, 65, 20}, {9, 97, 20}, {14, 113, 10}, {50, 50, 10},
        // its 10-row tile for a transposed A (m a multiple of 10, 512-bit): 1 to 4 row tiles, columns
        // at one and two vectors ±1 and in several blocks, k from 1
        {10, 17, 30}, {10, 31, 1}, {20, 32, 7}, {30, 33, 50}, {40, 48, 20}, {10, 49, 64}, {20, 65, 12}, {10, 100, 64}, {30, 97, 3},
        // the small path's copy of a transposed B (n up to one vector) in blocks turned in registers
        // (512-bit: 16 x 16 floats from k 16, 8 x 8 doubles from k 8): n 2 to 16, k at one and two
        // blocks ±1, a last block overlapping
        {50, 10, 16}, {9, 16, 17}, {33, 15, 31}, {8, 2, 32}, {64, 10, 33}, {3, 11, 100}, {50, 10, 50}, {20, 7, 15},
        // and the packed path's panels of a transposed B, the same way from a depth block of 16 (8)
        {300, 200, 8}, {100, 200, 16}, {100, 200, 17}, {70, 97, 47}, {300, 200, 7}, {30, 8, 7}, {9, 8, 9},
        // the 10-row tile for a transposed B one vector wide (m a multiple of 10 but not of 8): 1 to
        // 9 row tiles, k below and across the 16 x 16 blocks
        {10, 10, 50}, {30, 16, 17}, {50, 3, 100}, {70, 5, 100}, {90, 12, 3},
        // the small path's transposed product for a transposed A and B narrower than one vector
        // (512-bit): n 15 / 16, m 15 / 16, 10 columns (the 10-row tile), one column, k from 1
        {16, 15, 30}, {16, 16, 30}, {15, 10, 40}, {16, 10, 40}, {50, 10, 50}, {64, 10, 50}, {40, 1, 20}, {100, 7, 1},
        // a transposed B wider than one vector on the small path, turned in bands of 16 of its rows:
        // k below 16 (one block from each row's start, or gathers below 512 bits) and from it, a last
        // band of 1, m 31 / 32 (its bound below 512 bits)
        {50, 50, 10}, {20, 33, 7}, {31, 40, 20}, {32, 40, 20}, {40, 100, 17}, {12, 97, 16}, {24, 17, 15}, {40, 48, 3}, {33, 20, 1},
        // a non-transposed B one vector wide or less copied as rows: m 1 / 2, 8 and 10-row tiles
        {1, 10, 30}, {2, 10, 50}, {10, 16, 40}, {70, 9, 30}, {13, 5, 64}};
    for (int[] s : shapes) {
      for (boolean tA : BOOLS) {
        for (boolean tB : BOOLS) {
          check(true, tA, tB, s[0], s[1], s[2], -0.5f, 2f, seed++);
          check(false, tA, tB, s[0], s[1], s[2], 2f, -0.5f, seed++);
        }
      }
    }
  }

  /**
   * Matrix-vector shapes (one row or one column of C) with unpadded operands, so that vectors are
   * contiguous and take sgemm's vector routes (dot products along rows, the transposed views): every
   * transpose, k across the vector width and the dot-product tile, lengths across the tiles.
   */
  @Test
  void matrixVectorShapes() {
    int seed = 3000;
    for (int k : new int[] {1, 2, 15, 16, 17, 50, 300}) {
      for (int len : new int[] {1, 5, 9, 33, 64, 65, 1000}) {
        for (boolean tA : BOOLS) {
          for (boolean tB : BOOLS) {
            float alpha = SCALARS[seed % 4], beta = SCALARS[(seed / 4) % 4];
            check(true, tA, tB, len, 1, k, alpha, beta, seed++, false);
            check(true, tA, tB, 1, len, k, alpha, beta, seed++, false);
            check(false, tA, tB, len, 1, k, alpha, beta, seed++, false);
          }
        }
      }
    }
  }

  @Test
  void emptyShapesWriteNothingOrOnlyScaleC() {
    int seed = 2000;
    for (int[] s : new int[][] {{0, 5, 3}, {5, 0, 3}, {0, 0, 0}, {4, 5, 0}, {1, 1, 0}}) {
      for (float beta : SCALARS) {
        check(true, false, false, s[0], s[1], s[2], 1f, beta, seed++);
        check(false, true, true, s[0], s[1], s[2], 1f, beta, seed++);
      }
    }
  }

  @Test
  void manyThreadsAtOnceGetTheirOwnAnswers() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 6; t++) {
      int id = t;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          Random rnd = new Random(id);
          for (int i = 0; i < 40; i++) {
            check(rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean(),
                1 + rnd.nextInt(160), 1 + rnd.nextInt(70), 1 + rnd.nextInt(300), 1f, 0.5f, 10_000 * id + i);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      }));
    }
    for (Thread t : threads) t.join();
    if (!failures.isEmpty()) fail(failures.get(0));
  }

  /**
   * The fused epilogue C = act(op(A)·op(B) + bias) over the same shape sweep, at random offsets:
   * against the reference plus bias (one more rounding: ε·|value|), then ReLU (which cannot widen
   * an error); and nothing outside C's window written.
   */
  @Test
  void sgemmBiasFusesBiasAndReluIntoTheProduct() {
    int caseNo = 0;
    for (int dim = 0; dim < 3; dim++) {
      for (int big : FULL) {
        for (int s1 : new int[] {1, 6, 7, 17}) {
          int m = dim == 0 ? big : s1, n = dim == 1 ? big : 17 - s1 + 1, k = dim == 2 ? big : s1 + 2;
          for (boolean tA : BOOLS) {
            for (boolean tB : BOOLS) checkBias(tA, tB, m, n, k, caseNo % 2 == 0, caseNo++);
          }
        }
      }
    }
    for (int[] s : new int[][] {{145, 33, 257}, {64, 50, 784}, {603, 50, 784}, {262, 64, 2049}, {267, 54, 1100}, {7, 9, 0}}) {
      for (boolean tB : BOOLS) {
        for (boolean relu : BOOLS) checkBias(false, tB, s[0], s[1], s[2], relu, caseNo++);
      }
    }
  }

  static void checkBias(boolean tA, boolean tB, int m, int n, int k, boolean relu, long seed) {
    Random rnd = new Random(seed);
    Operand a = Operand.random(rnd, tA ? k : m, tA ? m : k);
    Operand b = Operand.random(rnd, tB ? n : k, tB ? k : n);
    Operand c = Operand.random(rnd, m, n);
    Operand bias = Operand.random(rnd, 1, n);
    c.fillWindow(Double.NaN); // C is not read
    double eps = Math.ulp(1f);
    double[][] ref = reference(tA, tB, m, n, k, 1, a, b, 0, c.data.clone(), c, eps);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double v = ref[0][i * n + j] + bias.get(0, j);
        ref[1][i * n + j] += eps * Math.abs(v);
        ref[0][i * n + j] = relu ? Math.max(v, 0) : v;
      }
    }
    for (KernelSet impl : Implementations.ALL) {
      float[] cf = c.floats();
      impl.sgemmBias(tA, tB, m, n, k, a.floats(), a.off, a.ld, b.floats(), b.off, b.ld, bias.floats(), bias.off, relu, cf, c.off, c.ld);
      Verify.window("sgemmBias" + (tA ? " T" : " N") + (tB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k + " relu=" + relu
          + " on " + impl.name(), Verify.toDouble(cf), c.data, c, ref[0], ref[1], 1);
    }
  }

  // ------------------------------------------------------------------ one case

  /** Runs one GEMM case on every implementation and checks it. */
  static void check(boolean single, boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, long seed) {
    check(single, tA, tB, m, n, k, alpha, beta, seed, true);
  }

  /** {@link #check}, with the operands' row strides padded at random or equal to their widths. */
  static void check(boolean single, boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, long seed, boolean padded) {
    Random rnd = new Random(seed);
    Operand a = Operand.random(rnd, tA ? k : m, tA ? m : k, padded);
    Operand b = Operand.random(rnd, tB ? n : k, tB ? k : n, padded);
    Operand c = Operand.random(rnd, m, n, padded);
    if (beta == 0) c.fillWindow(Double.NaN); // beta == 0 must not read C
    double[] c0 = c.data.clone();
    double eps = single ? Math.ulp(1f) : Math.ulp(1d);
    double[][] ref = reference(tA, tB, m, n, k, alpha, a, b, beta, c0, c, eps);

    double[] scalarResult = null, vectorResult = null;
    String what = (single ? "sgemm" : "dgemm") + (tA ? " T" : " N") + (tB ? "T" : "N")
        + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta + " seed=" + seed;
    for (KernelSet impl : Implementations.ALL) {
      double[] out = single ? runSingle(impl, tA, tB, m, n, k, alpha, a, b, beta, c) : runDouble(impl, tA, tB, m, n, k, alpha, a, b, beta, c);
      Verify.window(what + " on " + impl.name(), out, c0, c, ref[0], ref[1], 1);
      if (impl == Implementations.SCALAR) scalarResult = out;
      if (impl == Implementations.VECTOR) vectorResult = out;
    }
    if (vectorResult != null) Verify.window(what + ": vector against scalar twin", vectorResult, c0, c, c.window(scalarResult), ref[1], 2);
  }

  private static double[] runSingle(KernelSet impl, boolean tA, boolean tB, int m, int n, int k, float alpha,
      Operand a, Operand b, float beta, Operand c) {
    float[] cf = c.floats();
    impl.sgemm(tA, tB, m, n, k, alpha, a.floats(), a.off, a.ld, b.floats(), b.off, b.ld, beta, cf, c.off, c.ld);
    double[] out = new double[cf.length];
    for (int i = 0; i < cf.length; i++) out[i] = cf[i];
    return out;
  }

  private static double[] runDouble(KernelSet impl, boolean tA, boolean tB, int m, int n, int k, double alpha,
      Operand a, Operand b, double beta, Operand c) {
    double[] cd = c.data.clone();
    impl.dgemm(tA, tB, m, n, k, alpha, a.data, a.off, a.ld, b.data, b.off, b.ld, beta, cd, c.off, c.ld);
    return cd;
  }

  /** {expected value, tolerance} for each element of C's window, row-major m x n. */
  static double[][] reference(boolean tA, boolean tB, int m, int n, int k, double alpha,
      Operand a, Operand b, double beta, double[] c0, Operand c, double eps) {
    double[] expected = new double[m * n], tolerance = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0, magnitude = 0;
        for (int p = 0; p < k; p++) {
          double prod = (tA ? a.get(p, i) : a.get(i, p)) * (tB ? b.get(j, p) : b.get(p, j));
          s += prod;
          magnitude += Math.abs(prod);
        }
        double cij = c0[c.off + i * c.ld + j];
        double betaTerm = beta == 0 ? 0 : beta * cij;
        expected[i * n + j] = alpha * s + betaTerm;
        tolerance[i * n + j] = (k + 2) * eps * (Math.abs(alpha) * magnitude + Math.abs(betaTerm)) + Double.MIN_NORMAL;
      }
    }
    return new double[][] {expected, tolerance};
  }
}
