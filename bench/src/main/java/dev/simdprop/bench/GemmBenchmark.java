package dev.simdprop.bench;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.impl.KernelSet;
import dev.simdprop.kernels.impl.Provider;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square sgemm, C = A·B with n x n operands: simdprop's active kernel against its scalar twin and a
 * naive i-k-j loop. GFLOP/s = 2n³ / (time per op). The first suite; {@code simdprop bench} will
 * grow the rest around it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// Several forks: Vector API code is known to JIT differently from one JVM to the next.
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class GemmBenchmark {
  @Param({"64", "256", "512"})
  int n;

  float[] a, b, c;

  @Setup(Level.Trial)
  public void setUp() {
    Gemm.setThreads(1); // a one-thread suite: the scalar twin and the naive loop have no threads either
    Random rnd = new Random(42);
    a = new float[n * n];
    b = new float[n * n];
    c = new float[n * n];
    for (int i = 0; i < n * n; i++) {
      a[i] = rnd.nextFloat() - 0.5f;
      b[i] = rnd.nextFloat() - 0.5f;
    }
    // No benchmark measures a wrong answer: each implementation is checked once against the naive loop.
    float[] want = new float[n * n];
    naiveIkj(n, a, b, want);
    check("simdprop", want, () -> Gemm.mult(n, n, n, a, b, c));
    check("scalar twin", want, () -> Provider.scalar().sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
  }

  private void check(String what, float[] want, Runnable run) {
    java.util.Arrays.fill(c, Float.NaN);
    run.run();
    for (int i = 0; i < want.length; i++) {
      // n·ε relative to the magnitude of the dot products (|a|, |b| <= 0.5)
      if (!(Math.abs(c[i] - want[i]) <= n * Math.ulp(1f) * n * 0.25f)) {
        throw new IllegalStateException(what + " differs from the naive loop at " + i + ": " + c[i] + " vs " + want[i]);
      }
    }
  }

  @Benchmark
  public float[] simdprop() {
    Gemm.mult(n, n, n, a, b, c);
    return c;
  }

  @Benchmark
  public float[] scalarTwin() {
    KernelSet scalar = Provider.scalar();
    scalar.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
    return c;
  }

  @Benchmark
  public float[] naiveIkj() {
    java.util.Arrays.fill(c, 0f);
    naiveIkj(n, a, b, c);
    return c;
  }

  /** The loop order a careful hand would write: the inner loop runs along rows of B and C. */
  static void naiveIkj(int n, float[] a, float[] b, float[] c) {
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < n; p++) {
        float aip = a[i * n + p];
        for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
      }
    }
  }
}
