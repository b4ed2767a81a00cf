package dev.simdprop.bench;

import dev.simdprop.model.perf.Counters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the performance counters cost: the 784-50-10 training step of {@link MlpStepBenchmark}
 * with counting off (the default: one static field read per kernel call) and on (two clock reads
 * and a table lookup per kernel call, one clock read per phase), as {@code simdprop demo} runs it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CountersOverheadBenchmark {
  @Param({"50"})
  int batch;

  @Param({"off", "on"})
  String counters;

  LessonStep lesson;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    lesson = new LessonStep(batch);
    Counters.enable(counters.equals("on"), false);
    lesson.step();
    if (counters.equals("on") != (Counters.snapshotAndReset() != null)) throw new IllegalStateException("counters did not turn " + counters);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Counters.enable(false, false);
  }

  @Benchmark
  public float step() {
    return lesson.step();
  }
}
