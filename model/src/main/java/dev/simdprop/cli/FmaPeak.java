package dev.simdprop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.DoubleAdder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This core's fp32 FMA peak as the Vector API reaches it: 12 independent FMA chains (enough to
 * cover the latency of two FMA units) in a counted int loop, with the preferred species. Only
 * called when the Vector API is active.
 */
public final class FmaPeak {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private FmaPeak() {}

  /** GFLOP/s of one timed round of {@code iterations} steps (12 FMAs of S.length() lanes each). */
  public static double measure(int iterations) {
    long t0 = System.nanoTime();
    float sink = fmaLoop(iterations, 0.9999f);
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (sink == 42) System.out.print(""); // keeps the result alive
    return 12.0 * 2 * S.length() * iterations / seconds / 1e9;
  }

  /** The best of {@code rounds} timed rounds, after short untimed calls that let C2 compile the loop. */
  public static double calibrate(int rounds, int iterations) {
    float sink = 0;
    for (int i = 0; i < 200; i++) sink += fmaLoop(10_000, 0.9999f); // interpreted Vector API code is very slow: warm up small
    if (sink == 42) System.out.print("");
    double best = 0;
    for (int r = 0; r < rounds; r++) best = Math.max(best, measure(iterations));
    return best;
  }

  /** Every core runs the calibration at once; the sum of their best rounds. */
  public static double allCores(int cores, int iterations) throws InterruptedException {
    DoubleAdder total = new DoubleAdder();
    CountDownLatch done = new CountDownLatch(cores);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < cores; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        total.add(FmaPeak.calibrate(3, iterations));
        done.countDown();
      }));
    }
    done.await();
    return total.sum();
  }

  public static int vectorBits() {
    return S.vectorBitSize();
  }

  static float fmaLoop(int iterations, float x) {
    FloatVector a = FloatVector.broadcast(S, 1.0001f), b = FloatVector.broadcast(S, x);
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
    FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    for (int i = 0; i < iterations; i++) {
      c0 = a.fma(b, c0); c1 = a.fma(b, c1); c2 = a.fma(b, c2); c3 = a.fma(b, c3);
      c4 = a.fma(b, c4); c5 = a.fma(b, c5); c6 = a.fma(b, c6); c7 = a.fma(b, c7);
      c8 = a.fma(b, c8); c9 = a.fma(b, c9); c10 = a.fma(b, c10); c11 = a.fma(b, c11);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(VectorOperators.ADD);
  }
}
