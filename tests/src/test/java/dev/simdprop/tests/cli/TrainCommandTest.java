package dev.simdprop.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simdprop.cli.Main;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.checkpoint.Safetensors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simdprop train} as a user runs it: output lines, JSON, checkpoints, and one-line errors. */
class TrainCommandTest {
  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void trainsOnTheBundledSubsetPrintingOneLinePerEpochAndJson() throws Exception {
    Path json = dir.resolve("epochs.json"), save = dir.resolve("trained.safetensors");
    Result r = run("train", "--epochs", "2", "--max-steps", "60", "--json", json.toString(), "--save", save.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("data: bundled MNIST subset (8000 train, 2000 valid, 10 classes); model 784-50-10, ce loss");
    assertThat(lines.get(1)).matches("epoch 1  train_loss \\d+\\.\\d{4}  valid_loss \\d+\\.\\d{4}  valid_accuracy 0\\.\\d{4}  .* samples/s");
    assertThat(lines).hasSize(3).last().isEqualTo("saved " + save); // --max-steps 60 ends within epoch 1 (160 steps)
    List<String> records = Files.readAllLines(json);
    assertThat(records).hasSize(2); // one epoch, then the run
    assertThat(records.get(0)).startsWith("{\"epoch\":1,\"train_loss\":").contains("\"valid_accuracy\":0.", "\"samples_per_second\":")
        .doesNotContain("counters"); // off for train unless asked
    assertThat(records.get(1)).startsWith("{\"run\":{\"jdk\":");
    double accuracy = Double.parseDouble(records.get(0).replaceAll(".*\"valid_accuracy\":([0-9.]+).*", "$1"));
    assertThat(accuracy).as("60 steps of SGD learn something").isGreaterThan(0.6);
    Safetensors.load(Sequential.mlp(784, 50, 10), save);
  }

  @Test
  void mseLossTrainsOneOutputAndInitLoadsCheckpoints() throws Exception {
    Path save = dir.resolve("mse.safetensors");
    Result r = run("train", "--loss", "mse", "--hidden", "20,10", "--lr", "0.01", "--epochs", "1", "--max-steps", "20", "--save", save.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("model 784-20-10-1, mse loss");
    Result again = run("train", "--loss", "mse", "--hidden", "20,10", "--lr", "0.01", "--epochs", "1", "--max-steps", "1", "--init", save.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains(", " + save + " init;");
    Result wrong = run("train", "--hidden", "50", "--init", save.toString());
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).startsWith("simdprop train: " + save + ": tensor 0.weight has shape [20, 784] but the model 784-50-10 needs [50, 784]\n");
  }

  @Test
  void jfrRecordingHoldsOneEpochEventPerEpoch() throws Exception {
    Path jfr = dir.resolve("run.jfr");
    Result r = run("train", "--epochs", "2", "--max-steps", "200", "--jfr", jfr.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("recorded " + jfr);
    List<jdk.jfr.consumer.RecordedEvent> epochs = jdk.jfr.consumer.RecordingFile.readAllEvents(jfr).stream()
        .filter(e -> e.getEventType().getName().equals("simdprop.Epoch")).toList();
    assertThat(epochs).hasSize(2); // 160 steps in epoch 1, the other 40 in epoch 2
    assertThat(epochs.get(0).getInt("epoch")).isEqualTo(1);
    assertThat(epochs.get(1).getLong("steps")).isEqualTo(200);
    assertThat(epochs.get(1).getDouble("validAccuracy")).isBetween(0.5, 1.0);
    String line2 = r.out().lines().filter(l -> l.startsWith("epoch 2")).findFirst().orElseThrow();
    assertThat(line2).contains(String.format(java.util.Locale.ROOT, "valid_loss %.4f", epochs.get(1).getDouble("validLoss")));
  }

  @Test
  void invalidValuesAreOneLineErrors() {
    String[][] cases = {
        {"--bs", "0", "simdprop train: --bs 0 must be >= 1"},
        {"--epochs", "-1", "simdprop train: --epochs -1 must be >= 0"},
        {"--lr", "NaN", "simdprop train: --lr NaN must be a positive number"},
        {"--momentum", "1", "simdprop train: --momentum 1.0 must be in [0, 1)"},
        {"--hidden", "50,0", "simdprop train: --hidden 0: layer sizes must be >= 1"},
        {"--threads", "0", "simdprop train: --threads 0 must be >= 1"}};
    for (String[] c : cases) {
      Result r = run("train", c[0], c[1]);
      assertThat(r.exit()).as(c[0]).isEqualTo(2);
      assertThat(r.err().lines().findFirst()).as(c[0]).contains(c[2]);
      assertThat(r.err()).as("no stack trace without --verbose").doesNotContain("\tat ");
    }
    Result missing = run("train", "--data", dir.resolve("nowhere").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).startsWith("simdprop train: " + dir.resolve("nowhere") + ": no such directory\n");
    Result noSaveDir = run("train", "--save", dir.resolve("no/such/dir/x.safetensors").toString());
    assertThat(noSaveDir.exit()).isEqualTo(2);
    assertThat(noSaveDir.err()).startsWith("simdprop train: --save " + dir.resolve("no/such/dir/x.safetensors") + ": no such directory ");
    Result noJsonDir = run("train", "--epochs", "1", "--max-steps", "1", "--json", dir.resolve("no/such/x.json").toString());
    assertThat(noJsonDir.exit()).isEqualTo(2);
    assertThat(noJsonDir.err()).startsWith("simdprop train: --json " + dir.resolve("no/such/x.json") + ": no such directory ");
    Result noPlotDir = run("demo", "--plot", dir.resolve("no/such/x.png").toString());
    assertThat(noPlotDir.exit()).isEqualTo(2);
    assertThat(noPlotDir.err()).startsWith("simdprop demo: --plot " + dir.resolve("no/such/x.png") + ": no such directory ");
    Result verbose = run("train", "--data", dir.resolve("nowhere").toString(), "--verbose");
    assertThat(verbose.err()).contains("\tat ");
    Result unknown = run("train", "--loss", "hinge");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("--loss", "hinge");
  }
}
