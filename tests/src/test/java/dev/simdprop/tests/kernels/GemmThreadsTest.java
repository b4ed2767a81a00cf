package dev.simdprop.tests.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import dev.simdprop.kernels.impl.GemmThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
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
    for (int[] s : Arrays.copyOf(SHAPES, 6)) {
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
        long before = GemmThreads.splitCalls();
        Gemm.sgemm(tA, tB, m, n, k, 1.5f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.5f, c, 0, n);
        Gemm.dgemm(tA, tB, m, n, k, 1.5, ad, 0, tA ? m : k, bd, 0, tB ? k : n, 0.5, cd, 0, n);
        assertThat(GemmThreads.splitCalls() - before).as("%dx%dx%d calls split on %d threads", m, n, k, threads).isEqualTo(threads > 1 ? 2 : 0);
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
  void everyPartRunsOnceOnTheTeam() {
    Gemm.setThreads(4);
    for (int parts = 1; parts <= 4; parts++) {
      for (int call = 0; call < 200; call++) { // back to back, so workers are taken both polling and parked
        AtomicIntegerArray runs = new AtomicIntegerArray(parts);
        GemmThreads.run(parts, runs::incrementAndGet);
        for (int part = 0; part < parts; part++) assertThat(runs.get(part)).as("part %d of %d, call %d", part, parts, call).isEqualTo(1);
      }
    }
  }

  @Test
  void aFailingPartIsRethrownAfterTheOthersEndAndTheTeamStillServes() {
    Gemm.setThreads(3);
    for (int failing = 0; failing < 3; failing++) {
      int bad = failing;
      AtomicIntegerArray ended = new AtomicIntegerArray(3);
      assertThatThrownBy(() -> GemmThreads.run(3, part -> {
        if (part == bad) throw new ArithmeticException("part " + part);
        LockSupport.parkNanos(2_000_000); // ends after the failed part
        ended.incrementAndGet(part);
      })).satisfies(e -> {
        Throwable cause = e instanceof ArithmeticException ? e : e.getCause();
        assertThat(cause).isInstanceOf(ArithmeticException.class).hasMessage("part " + bad);
      });
      for (int part = 0; part < 3; part++) assertThat(ended.get(part)).as("part %d when part %d failed", part, bad).isEqualTo(part == bad ? 0 : 1);
      AtomicIntegerArray runs = new AtomicIntegerArray(3);
      GemmThreads.run(3, runs::incrementAndGet);
      assertThat(runs.toString()).isEqualTo("[1, 1, 1]");
    }
  }

  /** Callers on their own threads share the team (a caller that finds it held runs its parts itself) while the team is resized. */
  @Test
  void concurrentCallersGetTheOneThreadResults() throws Exception {
    assumeTrue(Kernels.isVectorized(), "the scalar twins run on one thread");
    int m = 301, n = 203, k = 299;
    Random rnd = new Random(11);
    float[] a = new float[m * k], b = new float[k * n];
    for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - 0.5f;
    for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat() - 0.5f;
    Gemm.setThreads(1);
    float[] expected = new float[m * n];
    Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, expected, 0, n);
    Gemm.setThreads(2);
    ExecutorService callers = Executors.newFixedThreadPool(3);
    AtomicBoolean done = new AtomicBoolean();
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        calls.add(callers.submit(() -> {
          for (int call = 0; call < 20; call++) {
            float[] c = new float[m * n];
            Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
            assertThat(c).as("call %d on %s", call, Thread.currentThread().getName()).containsExactly(expected);
          }
          return null;
        }));
      }
      Thread resizer = new Thread(() -> {
        for (int i = 0; !done.get(); i++) {
          Gemm.setThreads(2 + i % 3);
          LockSupport.parkNanos(200_000);
        }
      });
      resizer.start();
      for (Future<?> f : calls) f.get(2, TimeUnit.MINUTES);
      done.set(true);
      resizer.join();
    } finally {
      done.set(true);
      callers.shutdownNow();
    }
  }

  @Test
  void threadCountMustBePositive() {
    assertThatThrownBy(() -> Gemm.setThreads(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("GEMM threads=0 must be >= 1");
  }
}
