package dev.simdprop.bench;

import dev.simdprop.cli.FmaPeak;
import java.util.Locale;

/**
 * Prints the fp32 FMA peak of one core, round by round (the first includes JIT compilation).
 * Run: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.simdprop.bench.FmaPeakMain}
 * ({@code ./simdprop info} prints the same calibration for one core and for all).
 */
public final class FmaPeakMain {
  private FmaPeakMain() {}

  public static void main(String[] args) {
    for (int round = 1; round <= 8; round++) {
      System.out.printf(Locale.ROOT, "round %d: %.1f GFLOP/s fp32 (%d-bit vectors)%n", round,
          FmaPeak.measure(20_000_000), FmaPeak.vectorBits());
    }
  }
}
