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

/** The implementations that thread, at 1 and 2 threads (set explicitly for both): simdprop and OpenBLAS. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class GemmThreadsBenchmark extends GemmSuiteState {
  @Param({"256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN", "50000x50x784:NT", "50x784x50000:TN"})
  String shape;

  @Param({"1", "2"})
  int threads;

  @Override
  String shape() {
    return shape;
  }

  @Override
  int threads() {
    return threads;
  }

  @Benchmark
  public Object simdprop() {
    return g.simdprop();
  }

  @Benchmark
  public Object openblas() {
    return g.openblas();
  }
}
