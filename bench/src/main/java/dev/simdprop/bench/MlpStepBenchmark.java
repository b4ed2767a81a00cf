package dev.simdprop.bench;

import dev.simdprop.model.Linear;
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
 * One training step of the lesson's 784-50-10 MLP (forward, cross-entropy, backward, SGD) on a
 * batch of the bundled MNIST digits: simdprop against the same step as plain loops. One GEMM
 * thread, as the naive loop has. {@link CountersOverheadBenchmark} runs the same step with the
 * performance counters on.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class MlpStepBenchmark {
  @Param({"50", "64"})
  int batch;

  LessonStep lesson;
  NaiveMlp naive;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    lesson = new LessonStep(batch);
    Linear l1 = (Linear) lesson.model.layers().get(0), l2 = (Linear) lesson.model.layers().get(1);
    naive = new NaiveMlp(784, 50, 10, l1.weight().value().toArray(), l1.bias().value().toArray(), l2.weight().value().toArray(),
        l2.bias().value().toArray());
    // No benchmark measures a wrong answer: the two implementations take the same first steps.
    for (int s = 0; s < 3; s++) {
      float a = lesson.step(), b = naiveLoops();
      if (!(Math.abs(a - b) <= 1e-4f * Math.max(1, Math.abs(b)))) {
        throw new IllegalStateException("step " + s + ": simdprop loss " + a + " but the naive loop's " + b);
      }
    }
    float[] w = l1.weight().value().toArray();
    for (int i = 0; i < w.length; i++) {
      if (!(Math.abs(w[i] - naive.w1[i]) <= 1e-5f)) throw new IllegalStateException("w1[" + i + "] differs: " + w[i] + " vs " + naive.w1[i]);
    }
  }

  @Benchmark
  public float simdprop() {
    return lesson.step();
  }

  @Benchmark
  public float naiveLoops() {
    return naive.step(lesson.x.data(), 0, lesson.y, batch, LessonStep.LR);
  }
}
