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

/** All four transpose cases at one size, one thread: packing should make op(A)/op(B) cost (nearly) nothing. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class GemmTransposeBenchmark extends GemmSuiteState {
  @Param({"512x512x512:NN", "512x512x512:NT", "512x512x512:TN", "512x512x512:TT"})
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
  public Object ejml() {
    return g.ejml();
  }
}
