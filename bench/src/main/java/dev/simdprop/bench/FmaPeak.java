package dev.simdprop.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * This core's fp32 FMA peak as the Vector API reaches it: 12 independent accumulators (enough to
 * cover the FMA latency on two FMA units) in a counted int loop, with the preferred species.
 * Prints each of 8 rounds; the last rounds are the compiled steady state.
 * Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.simdprop.bench.FmaPeak}
 */
public final class FmaPeak {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private FmaPeak() {}

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

  public static void main(String[] args) {
    int iterations = 20_000_000;
    float sink = 0;
    for (int round = 1; round <= 8; round++) {
      long t0 = System.nanoTime();
      sink += fmaLoop(iterations, 0.9999f);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "round %d: %.1f GFLOP/s fp32 (%d-bit vectors)%n", round,
          12.0 * 2 * S.length() * iterations / seconds / 1e9, S.vectorBitSize());
    }
    if (sink == 42) System.out.println(); // keeps the results alive
  }
}
