package dev.simdprop.tests.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Products large enough to be split over threads: correct against the reference, and bit-identical
 * for every thread count (the split runs along M or N, never K).
 */
class GemmThreadsTest {
  private final int saved = Gemm.threads();

  @AfterEach
  void restore() {
    Gemm.setThreads(saved);
  }

  /** m, n, k, transA, transB: each above the parallel threshold (2mnk ≥ 16M), split along N or along M, with ragged edges. */
  static final int[][] SHAPES = {
      {301, 203, 299, 0, 0}, {301, 203, 299, 1, 0}, {301, 203, 299, 0, 1}, {301, 203, 299, 1, 1},
      {50, 1000, 400, 1, 0}, {603, 50, 784, 0, 1}, {1001, 37, 500, 0, 0}, {37, 2001, 300, 0, 1},
      {700, 53, 600, 0, 0}, {700, 53, 600, 0, 1}, {2000, 10, 784, 0, 1}, {2000, 10, 784, 0, 0},
      // vector shapes on their own routes, and a split whose last part is a single row
      {1, 4000, 2100, 0, 0}, {1, 4000, 2100, 0, 1}, {4000, 1, 2100, 0, 1}, {4000, 1, 2100, 1, 0}, {13, 16, 40000, 0, 0}};

  @Test
  void threadedProductsMatchTheReference() {
    assumeTrue(Kernels.isVectorized(), "the scalar twins run on one thread");
    Gemm.setThreads(3);
    int seed = 0;
    for (int[] s : java.util.Arrays.copyOf(SHAPES, 6)) {
      GemmConformanceTest.check(true, s[3] == 1, s[4] == 1, s[0], s[1], s[2], -0.5f, 2f, seed++);
      GemmConformanceTest.check(false, s[3] == 1, s[4] == 1, s[0], s[1], s[2], 2f, 0f, seed++);
    }
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCount() {
    assumeTrue(Kernels.isVectorized(), "the scalar twins run on one thread");
    for (int[] s : SHAPES) {
      boolean tA = s[3] == 1, tB = s[4] == 1;
      int m = s[0], n = s[1], k = s[2];
      Random rnd = new Random(m * 31L + n);
      float[] a = new float[m * k], b = new float[k * n], c0 = new float[m * n];
      double[] ad = new double[m * k], bd = new double[k * n], cd0 = new double[m * n];
      for (int i = 0; i < a.length; i++) ad[i] = a[i] = rnd.nextFloat() - 0.5f;
      for (int i = 0; i < b.length; i++) bd[i] = b[i] = rnd.nextFloat() - 0.5f;
      for (int i = 0; i < c0.length; i++) cd0[i] = c0[i] = rnd.nextFloat();
      float[] single = null;
      double[] singleD = null;
      for (int threads : new int[] {1, 2, 3, 5}) {
        Gemm.setThreads(threads);
        float[] c = c0.clone();
        double[] cd = cd0.clone();
        Gemm.sgemm(tA, tB, m, n, k, 1.5f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, c, 0, n);
        Gemm.dgemm(tA, tB, m, n, k, 1.5, ad, 0, tA ? m : k, bd, 0, tB ? k : n, 0.5, cd, 0, n);
        if (single == null) {
          single = c;
          singleD = cd;
        } else {
          assertThat(c).as("sgemm %dx%dx%d on %d threads", m, n, k, threads).containsExactly(single);
          assertThat(cd).as("dgemm %dx%dx%d on %d threads", m, n, k, threads).containsExactly(singleD);
        }
      }
    }
  }

  @Test
  void threadCountMustBePositive() {
    assertThatThrownBy(() -> Gemm.setThreads(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("GEMM threads=0 must be >= 1");
  }
}
