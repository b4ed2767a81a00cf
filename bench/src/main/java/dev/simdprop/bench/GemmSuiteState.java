package dev.simdprop.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The state every GEMM suite shares: the case of its shape parameter, set up with the suite's
 * thread count and checked for the implementation the fork times, then released.
 */
public abstract class GemmSuiteState {
  GemmCase g;

  /** The suite's "m x n x k:OP" parameter. */
  abstract String shape();

  /** Threads for simdprop and OpenBLAS. */
  abstract int threads();

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    g = new GemmCase(shape());
    GemmBenches.threads(threads());
    GemmBenches.check(g, params);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    g.close();
  }
}
