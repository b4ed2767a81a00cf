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
 * Matrix-vector products called as sgemm, one thread: one column of C (op(A)·x, and Aᵀ·x) or one
 * row (x·op(B)); a 1000 x 1000 matrix (4 MB, past L2), 03's full-batch layer 2 (50000 x 50, 10 MB)
 * and a one-sample forward x·Wᵀ of the lesson's first layer. Bound by reading the matrix once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class GemmVectorBenchmark extends GemmSuiteState {
  @Param({"1000x1x1000:NN", "1000x1x1000:TN", "1x1000x1000:NN", "1x1000x1000:NT", "50000x1x50:NT", "1x50x50000:TN", "1x50x784:NT"})
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

  @Benchmark
  public Object openblas() {
    return g.openblas();
  }

  @Benchmark
  public Object netlib() {
    return g.netlib();
  }
}
