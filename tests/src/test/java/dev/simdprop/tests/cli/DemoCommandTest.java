package dev.simdprop.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simdprop.model.checkpoint.Json;
import dev.simdprop.tests.cli.TrainCommandTest.Result;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simdprop demo}: training with its counters table, JSON counters, the plot and per-kernel JFR events. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void countersTableAfterEachEpochNamesEveryKernelPhaseAndTheJvm() {
    Result r = TrainCommandTest.run("demo", "--epochs", "2", "--max-steps", "200", "--counters", "epoch");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("data: bundled MNIST subset (8000 train, 2000 valid, 10 classes); model 784-50-10, ce loss");
    assertThat(lines).filteredOn(l -> l.startsWith("counters, epoch ")).containsExactly(
        "counters, epoch 1: 160 steps" + tail(lines, "counters, epoch 1: 160 steps"),
        "counters, epoch 2: 40 steps" + tail(lines, "counters, epoch 2: 40 steps"));
    assertThat(lines).anyMatch(l -> l.matches("  sgemm relu\\(x·Wᵀ\\+b\\) +50×50×784 +160 .*"))
        .anyMatch(l -> l.matches("  sgemm dW = doutᵀ·x +50×784×50 +40 .*"))
        .anyMatch(l -> l.matches("  reluBackward +2500 +160 .*"))
        .anyMatch(l -> l.startsWith("  phases: data ") && l.contains(" forward ") && l.contains(" update ") && l.contains("evaluation"))
        .anyMatch(l -> l.matches("  JVM: \\d+ B allocated per step, \\d+ GC \\(\\d+ ms\\), JIT compiling \\d+ ms this epoch"))
        .anyMatch(l -> l.startsWith("  warm-up: epoch 1 trained in ") && l.contains("× the steady state"));
  }

  private static String tail(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().map(l -> l.substring(prefix.length())).orElse("<missing>");
  }

  @Test
  void quickDemoWritesCountersAsJsonAndPlotsTheEpochs() throws Exception {
    Path json = dir.resolve("demo.json"), png = dir.resolve("demo.png");
    Result r = TrainCommandTest.run("demo", "--quick", "--max-steps", "30", "--json", json.toString(), "--plot", png.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("counters, epoch 1 of 1: 30 steps", "plotted " + png);
    List<String> records = Files.readAllLines(json);
    assertThat(records).hasSize(2);
    @SuppressWarnings("unchecked")
    Map<String, Object> epoch = (Map<String, Object>) Json.parse(records.get(0));
    @SuppressWarnings("unchecked")
    Map<String, Object> counters = (Map<String, Object>) epoch.get("counters");
    assertThat(counters).containsEntry("steps", 30L).containsKeys("step_seconds", "phases", "evaluate_seconds", "jvm");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> kernels = (List<Map<String, Object>>) counters.get("kernels");
    Map<String, Object> forward = kernels.stream().filter(k -> k.get("id").equals("SGEMM_NT_BIAS_RELU")).findFirst().orElseThrow();
    assertThat(forward).containsEntry("shape", "50×50×784").containsEntry("calls", 30L)
        .containsEntry("flops", 30L * (2L * 50 * 50 * 784 + 2 * 50 * 50));
    assertThat((Double) forward.get("gflops_per_second")).isPositive();
    @SuppressWarnings("unchecked")
    Map<String, Object> run = (Map<String, Object>) ((Map<String, Object>) Json.parse(records.get(1))).get("run");
    assertThat(run).containsEntry("counters", "end").containsKeys("jdk", "kernels", "cpu", "peak_gflops_per_core", "warmup");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(500);
  }

  @Test
  void countersOffPrintsNoTable() {
    Result r = TrainCommandTest.run("demo", "--quick", "--max-steps", "5", "--counters", "off");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("counters,", "phases:", "measured fp32 FMA peak");
  }

  @Test
  void jfrKernelsRecordsOneEventPerKernelCall() throws Exception {
    Path jfr = dir.resolve("kernels.jfr");
    Result r = TrainCommandTest.run("train", "--epochs", "1", "--max-steps", "20", "--jfr", jfr.toString(), "--jfr-kernels");
    assertThat(r.exit()).as(r.err()).isZero();
    List<RecordedEvent> events = RecordingFile.readAllEvents(jfr).stream()
        .filter(e -> e.getEventType().getName().equals("simdprop.Kernel")).toList();
    // A 784-50-10 step: 2 forward GEMMs, log-softmax, exp, scale, 3 backward GEMMs, relu', 2 column
    // sums, 4 axpys (zeroGrad before each step lets dW and db be written, not added)
    assertThat(events).hasSize(20 * 15);
    assertThat(events).filteredOn(e -> e.getString("kernel").equals("sgemm relu(x·Wᵀ+b)"))
        .hasSize(20).allSatisfy(e -> {
          assertThat(e.getString("shape")).isEqualTo("50×50×784");
          assertThat(e.getLong("flops")).isEqualTo(2L * 50 * 50 * 784 + 2 * 50 * 50);
          assertThat(e.getDuration().toNanos()).isPositive();
        });
  }
}
