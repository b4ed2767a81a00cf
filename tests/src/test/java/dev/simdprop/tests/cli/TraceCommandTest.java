package dev.simdprop.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simdprop.model.Linear;
import dev.simdprop.model.ReLU;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.checkpoint.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simdprop trace}: every intermediate, in the lesson's order, with values worked out by hand. */
class TraceCommandTest {
  @TempDir Path dir;

  @Test
  void defaultNetworkPrintsEveryIntermediateInOrderAndTheStepLowersTheLoss() {
    TrainCommandTest.Result r = TrainCommandTest.run("trace", "--precision", "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsSubsequence("inp  [6, 10]", "targ [1, 1, 1, 0, 0, 0]", "l1 = inp @ w1 + b1  [6, 2]",
        "l2 = relu(l1)  [6, 2]", "out = l2 @ w2 + b2  [6, 1]", "diff = out[:,0] - targ", "loss = ", "out.g = ", "w2.g = ",
        "b2.g = ", "l2.g = ", "l1.g = ", "w1.g = ", "b1.g = ", "new loss = ");
    String last = r.out().lines().filter(l -> l.startsWith("new loss")).findFirst().orElseThrow();
    double after = Double.parseDouble(last.replaceAll("new loss = ([0-9.]+) .*", "$1"));
    double before = Double.parseDouble(last.replaceAll(".*\\(was ([0-9.]+)\\)", "$1"));
    assertThat(after).isLessThan(before);
  }

  /**
   * x = [[1, 2], [0, -1], [3, 1]], targets [1, 0, 1], w1 = [[0.5, -0.25]], b1 = 0.1, w2 = 2, b2 = -0.5:
   * l1 = [0.1, 0.35, 1.35] (all positive, so l2 = l1), out = [-0.3, 0.2, 2.2], diff = [-1.3, 0.2, 1.2],
   * loss = 3.17 / 3 = 1.0567; out.g = 2·diff/3 = [-0.8667, 0.1333, 0.8], b2.g = 0.0667,
   * w2.g = 0.1·(-0.8667) + 0.35·0.1333 + 1.35·0.8 = 1.04, l2.g = 2·out.g.
   */
  @Test
  void valuesMatchAHandComputation() throws Exception {
    Path csv = dir.resolve("samples.csv"), init = dir.resolve("init.safetensors");
    Files.writeString(csv, "1,2,1\n0,-1,0\n\n3,1,1\n");
    Linear lin1 = new Linear(2, 1), lin2 = new Linear(1, 1);
    lin1.weight().value().set(0, 0, 0.5f);
    lin1.weight().value().set(0, 1, -0.25f);
    lin1.bias().value().set(0, 0, 0.1f);
    lin2.weight().value().set(0, 0, 2f);
    lin2.bias().value().set(0, 0, -0.5f);
    Safetensors.save(new Sequential(List.of(lin1, new ReLU(), lin2)), init);
    TrainCommandTest.Result r = TrainCommandTest.run("trace", "--data", csv.toString(), "--hidden", "1", "--init", init.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsSubsequence("l1 = inp @ w1 + b1  [3, 1]", "0.1000", "0.3500", "1.3500",
        "out = l2 @ w2 + b2  [3, 1]", "-0.3000", "0.2000", "2.2000",
        "loss = diff.pow(2).mean() = 1.0567",
        "out.g = 2 * diff[:,None] / n  [3, 1]", "-0.8667", "0.1333", "0.8000",
        "w2.g = l2.T @ out.g  [1, 1]", "1.0400", "b2.g = out.g.sum(0)  [1, 1]", "0.0667",
        "l2.g = out.g @ w2.T  [3, 1]", "-1.7333", "0.2667", "1.6000");
  }

  @Test
  void badCsvIsOneLine() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "1,2,1\n0,x,0\n");
    TrainCommandTest.Result r = TrainCommandTest.run("trace", "--data", csv.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("simdprop trace: " + csv + ":2: 'x' is not a number\n");
  }
}
