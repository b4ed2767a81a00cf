package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.DataLoader;
import dev.simdprop.model.Dataset;
import dev.simdprop.model.Init;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.Sgd;
import dev.simdprop.model.Trainer;
import dev.simdprop.model.perf.Counters;
import dev.simdprop.model.perf.EpochCounters;
import dev.simdprop.model.perf.EpochCounters.KernelRow;
import dev.simdprop.model.perf.Kernel;
import dev.simdprop.model.perf.Phase;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The performance counters count what a training step really calls, and nothing when off. */
class CountersTest {
  @AfterEach
  void off() {
    Counters.enable(false, false);
  }

  /** 12-7-3 MLP, 30 samples, batch 8: three full batches and one of 6 per epoch. */
  private static List<Trainer.EpochStats> fit(int epochs, float momentum) {
    Random rnd = new Random(3);
    float[] x = new float[30 * 12];
    int[] y = new int[30];
    for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
    for (int i = 0; i < y.length; i++) y[i] = rnd.nextInt(3);
    Dataset data = new Dataset(x, y, 30, 12, 3);
    Sequential model = Sequential.mlp(12, 7, 3);
    Init.PYTORCH.apply(model, 1);
    Trainer trainer = new Trainer(model, new CrossEntropy(), new Sgd(model.parameters(), 0.1f, momentum, 0f));
    return trainer.fit(epochs, new DataLoader(data, 8, true, 1, false), new DataLoader(data, 10, false, 1, false), 0, e -> {});
  }

  @Test
  void countsEveryKernelCallOfAStepWithItsShapeAndWork() {
    Counters.enable(true, false);
    List<Trainer.EpochStats> epochs = fit(2, 0f);
    for (Trainer.EpochStats e : epochs) {
      EpochCounters c = e.counters();
      assertThat(c.steps()).isEqualTo(4);
      Map<String, KernelRow> rows = c.kernels().stream().collect(Collectors.toMap(r -> r.kernel() + " " + r.shape(), r -> r));
      // forward: relu(x·W1ᵀ+b1) (B×7 over 12), x·W2ᵀ+b2 (B×3 over 7); three full batches of 8, one of 6
      assertThat(rows.get("SGEMM_NT_BIAS_RELU 8×7×12").calls()).isEqualTo(3);
      assertThat(rows.get("SGEMM_NT_BIAS_RELU 6×7×12").calls()).isEqualTo(1);
      assertThat(rows.get("SGEMM_NT_BIAS 8×3×7").calls()).isEqualTo(3);
      // backward: dW2 (3×7 over B), dx2 = dout·W2 (B×7 over 3), relu', dW1 (7×12 over B); no dx for
      // the first layer. Each step's zeroGrad lets dW and db be written, not added to zeros.
      assertThat(rows.get("SGEMM_TN 3×7×8").calls()).isEqualTo(3);
      assertThat(rows.get("SGEMM_NN 8×7×3").calls()).isEqualTo(3);
      assertThat(rows.get("RELU_BACKWARD 56").calls()).isEqualTo(3);
      assertThat(rows.get("SGEMM_TN 7×12×8").calls()).isEqualTo(3);
      assertThat(rows.keySet()).noneMatch(k -> k.startsWith("SGEMM_NN") && k.endsWith("×12×7"));
      assertThat(rows.keySet()).noneMatch(k -> k.startsWith("SGEMM_TN_ACCUMULATE") || k.startsWith("ADD"));
      assertThat(rows.get("COLUMN_SUMS 8×7").calls()).isEqualTo(3);
      assertThat(rows.get("LOG_SOFTMAX_ROWS 8×3").calls()).isEqualTo(3);
      // update: p -= lr·g for W1 (84), b1 (7), W2 (21), b2 (3), once per step
      assertThat(rows.get("AXPY 84").calls()).isEqualTo(4);
      assertThat(rows.get("AXPY 3").calls()).isEqualTo(4);
      // evaluation runs the model and argmax, but is not a step: none of it is counted
      assertThat(rows.keySet()).noneMatch(k -> k.startsWith("ROW_ARGMAX") || k.contains(" 10×"));
      KernelRow gemm = rows.get("SGEMM_NT_BIAS_RELU 8×7×12");
      assertThat(gemm.flops()).isEqualTo(3L * (2 * 8 * 7 * 12 + 2 * 8 * 7));
      assertThat(gemm.bytes()).isEqualTo(3L * 4 * (8 * 12 + 7 * 12 + 7 + 8 * 7));
      assertThat(c.kernels()).allSatisfy(r -> assertThat(r.nanos()).isPositive());
      for (Phase p : Phase.values()) assertThat(c.phaseNanos(p)).as(p.label()).isPositive();
      assertThat(c.kernelNanos()).as("kernels run inside the phases").isLessThanOrEqualTo(c.stepNanos());
      assertThat(c.evaluateNanos()).isPositive();
      assertThat(c.jvm().gcCount()).isNotNegative();
    }
  }

  @Test
  void momentumAddsItsKernelsAfterTheFirstStep() {
    Counters.enable(true, false);
    EpochCounters c = fit(1, 0.9f).get(0).counters();
    Map<String, Long> calls = c.kernels().stream().collect(Collectors.toMap(r -> r.kernel() + " " + r.shape(), KernelRow::calls));
    // v = g on the first step (a copy), v = μ·v + g (scale, add) on the three after it
    assertThat(calls.get("SCALE 84")).isEqualTo(3);
    assertThat(calls).containsEntry("AXPY 84", 4L);
  }

  @Test
  void offCountsNothing() {
    Counters.enable(false, false);
    assertThat(fit(1, 0f).get(0).counters()).isNull();
    assertThat(Counters.start()).isZero();
    Counters.enable(true, false);
    Counters.enable(false, false); // turning off again forgets what was counted
    assertThat(Counters.snapshotAndReset()).isNull();
  }

  @Test
  void eachSnapshotStartsAfresh() {
    Counters.enable(true, false);
    long t = Counters.start();
    Counters.stop(Kernel.EXP, t, 1, 10, 1);
    assertThat(Counters.snapshotAndReset().kernels()).hasSize(1);
    assertThat(Counters.snapshotAndReset().kernels()).isEmpty();
  }
}
