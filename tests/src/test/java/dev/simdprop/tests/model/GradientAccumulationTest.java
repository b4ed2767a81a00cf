package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.Init;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.Parameter;
import dev.simdprop.model.Sequential;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gradients follow PyTorch: each backward adds to them until zeroGrad clears them. zeroGrad writes
 * nothing (the next backward writes instead of adding, and grad() fills zeros when read first), so
 * these check what a caller sees: sums across backwards, zeros after zeroGrad, and no trace of the
 * cleared values in the next backward's gradient.
 */
class GradientAccumulationTest {
  private final Sequential model = Sequential.mlp(9, 6, 4);
  private final CrossEntropy loss = new CrossEntropy();
  private final Matrix x = new Matrix(7, 9);
  private final int[] y = {0, 3, 1, 2, 2, 0, 1};

  GradientAccumulationTest() {
    Init.PYTORCH.apply(model, 5);
    Random rnd = new Random(8);
    for (int i = 0; i < x.size(); i++) x.data()[i] = rnd.nextFloat();
  }

  private void backward() {
    loss.forward(model.forward(x), y);
    model.backward(loss.backward());
  }

  private List<float[]> gradients() {
    return model.parameters().stream().map(p -> p.grad().data().clone()).toList();
  }

  @Test
  void backwardsAddUpUntilZeroGradClearsThem() {
    backward();
    List<float[]> once = gradients();
    backward();
    List<Parameter> params = model.parameters();
    for (int i = 0; i < params.size(); i++) {
      float[] twice = params.get(i).grad().data();
      for (int j = 0; j < twice.length; j++) assertThat(twice[j]).isCloseTo(2 * once.get(i)[j], within(1e-6f + 1e-5f * Math.abs(twice[j])));
    }
    assertThat(once.get(0)).as("the first layer's weight gradient is not all zeros").isNotEqualTo(new float[once.get(0).length]);

    model.zeroGrad();
    for (Parameter p : params) assertThat(p.grad().data()).containsOnly(0f);
  }

  @Test
  void theBackwardAfterZeroGradHoldsOnlyItsOwnGradient() {
    backward();
    List<float[]> once = gradients();
    backward();
    backward(); // three times the gradient is stored, not read since
    model.zeroGrad();
    backward();
    assertThat(gradients()).usingRecursiveComparison().isEqualTo(once);

    model.zeroGrad();
    for (Parameter p : model.parameters()) p.grad(); // read as zeros first: the backward then adds to them
    backward();
    assertThat(gradients()).usingRecursiveComparison().isEqualTo(once);
  }
}
