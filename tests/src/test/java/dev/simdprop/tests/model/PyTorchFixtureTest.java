package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.Loss;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.MeanSquaredError;
import dev.simdprop.model.Parameter;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.Sgd;
import dev.simdprop.model.Trainer;
import dev.simdprop.model.checkpoint.Safetensors;
import dev.simdprop.model.checkpoint.Safetensors.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * simdprop's forward, loss and backward against PyTorch 1.13 on the same batch and weights: the
 * lesson's 03 model (784-50-1, randn init, MSE) and 04 model (784-50-10, cross-entropy), then three
 * SGD steps of the 04 model compared weight by weight.
 *
 * <p>Tolerance: each element within 1e-5 of the largest magnitude in its tensor, plus 1e-6 — both
 * sides compute in float32, summing 784 products in different orders; 1e-5 is about 80 float
 * epsilons. The loss within 1e-5 relative.
 */
class PyTorchFixtureTest {
  static final double RELATIVE = 1e-5;

  @Test
  void lesson03ModelMatchesPyTorchLossAndGradients() throws Exception {
    checkLossAndGradients("lesson03", Sequential.mlp(784, 50, 1), new MeanSquaredError());
  }

  @Test
  void lesson04ModelMatchesPyTorchLossAndGradients() throws Exception {
    checkLossAndGradients("lesson04", Sequential.mlp(784, 50, 10), new CrossEntropy());
  }

  private static void checkLossAndGradients(String fixture, Sequential model, Loss loss) throws Exception {
    Map<String, Tensor> t = Fixtures.read(fixture);
    Safetensors.load(model, Fixtures.path(fixture));
    Matrix x = new Matrix(32, 784, Arrays.copyOf(t.get("x").values(), 32 * 784));
    float got = loss.forward(model.forward(x), Fixtures.labels(t.get("y"), 0, 32));
    model.backward(loss.backward());
    float want = t.get("loss").values()[0];
    assertThat((double) got).as(fixture + " loss").isCloseTo(want, org.assertj.core.data.Offset.offset(RELATIVE * Math.abs(want)));
    for (Map.Entry<String, Parameter> e : model.stateDict().entrySet()) {
      compare(fixture + " " + e.getKey() + ".grad", e.getValue().grad(), t.get(e.getKey() + ".grad"));
    }
  }

  @Test
  void threeSgdStepsMatchPyTorchWeightByWeight() throws Exception {
    Map<String, Tensor> t = Fixtures.read("lesson04");
    Sequential model = Sequential.mlp(784, 50, 10);
    Safetensors.load(model, Fixtures.path("lesson04"));
    Trainer trainer = new Trainer(model, new CrossEntropy(), new Sgd(model.parameters(), 0.5f, 0f, 0f));
    float[] x = t.get("x").values();
    for (int step = 0; step < 3; step++) {
      Matrix batch = new Matrix(32, 784, Arrays.copyOfRange(x, step * 32 * 784, (step + 1) * 32 * 784));
      float loss = trainer.step(batch, Fixtures.labels(t.get("y"), step * 32, 32));
      float want = t.get("sgd.loss").values()[step];
      assertThat((double) loss).as("loss of step " + step).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4 * Math.abs(want)));
    }
    for (Map.Entry<String, Parameter> e : model.stateDict().entrySet()) {
      compare("after 3 SGD steps, " + e.getKey(), e.getValue().value(), t.get("sgd." + e.getKey()));
    }
  }

  static void compare(String what, Matrix got, Tensor want) {
    float[] w = want.values();
    assertThat(got.size()).as(what + " size").isEqualTo(w.length);
    double scale = 0;
    for (float v : w) scale = Math.max(scale, Math.abs(v));
    double tolerance = RELATIVE * scale + 1e-6;
    for (int i = 0; i < w.length; i++) {
      float g = got.data()[got.offset() + i];
      if (!(Math.abs(g - w[i]) <= tolerance)) {
        fail(what + "[" + i + "] = " + g + ", PyTorch " + w[i] + " (tolerance " + tolerance + ")");
      }
    }
  }
}
