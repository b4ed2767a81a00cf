package dev.simdprop.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The GEMM suite on one thread: square sizes and the lesson's MLP shapes at batch 50 and 64, in
 * both layouts of W: PyTorch's (W stored out x in, as the model keeps it: forward x·Wᵀ (NT), weight
 * gradient doutᵀ·x (TN), input gradient dout·W (NN)) and the lesson's own (W stored in x out:
 * forward x@w (NN), weight gradient inp.T @ out.g (TN), input gradient out.g @ w.T (NT)),
 * simdprop against its scalar twin, naive loops, EJML, netlib's Java BLAS, OpenBLAS, and Commons
 * Math (double; compare it with simdpropDgemm too) and OpenBLAS dgemm. GFLOP/s = 2mnk / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// Several forks: Vector API code is known to JIT differently from one JVM to the next.
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class GemmBenchmark extends GemmSuiteState {
  @Param({"64x64x64:NN", "128x128x128:NN", "256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN",
      "50x50x784:NT", "50x784x50:TN", "50x784x50:NN", "50x10x50:NT", "10x50x50:TN", "50x50x10:NN",
      "64x50x784:NT", "50x784x64:TN", "64x784x50:NN", "64x10x50:NT", "10x50x64:TN", "64x50x10:NN",
      // the lesson's layout, x@w
      "50x50x784:NN", "784x50x50:TN", "50x784x50:NT", "50x10x50:NN", "50x10x50:TN", "50x50x10:NT",
      "64x50x784:NN", "784x50x64:TN", "64x784x50:NT", "64x10x50:NN", "64x10x50:TN", "64x50x10:NT"})
  String shape;

  @Override
  String shape() {
    return shape;
  }

  @Override
  int threads() {
    return 1;
  }

  @Benchmark
  public Object simdprop() {
    return g.simdprop();
  }

  /** simdprop with A and B starting on cache lines, as the model lays out weights and batches. */
  @Benchmark
  public Object simdpropOnLines() {
    return g.simdpropOnLines();
  }

  @Benchmark
  public Object scalarTwin() {
    return g.scalarTwin();
  }

  @Benchmark
  public Object naiveIjk() {
    return g.naiveIjk();
  }

  @Benchmark
  public Object naiveIkj() {
    return g.naiveIkj();
  }

  @Benchmark
  public Object ejml() {
    return g.ejml();
  }

  @Benchmark
  public Object netlib() {
    return g.netlib();
  }

  @Benchmark
  public Object openblas() {
    return g.openblas();
  }

  @Benchmark
  public Object commonsMathArray2DRow() {
    return g.commonsMathArray2DRow();
  }

  @Benchmark
  public Object commonsMathBlock() {
    return g.commonsMathBlock();
  }

  @Benchmark
  public Object simdpropDgemm() {
    return g.simdpropDgemm();
  }

  @Benchmark
  public Object openblasDgemm() {
    return g.openblasDgemm();
  }
}
