package dev.simdprop.model;

/**
 * 03_backprop's loss: one output column regresses the label, {@code mean((out[:,0] - y)²)}. Not a
 * good classification loss (the notebook says so), but the one whose gradients the lesson derives.
 * out is (B, 1).
 */
public final class MeanSquaredError implements Loss {
  private Matrix diff, grad;

  @Override
  public float forward(Matrix out, int[] labels) {
    if (out.cols() != 1) throw new IllegalArgumentException("MSE regresses one output column, got " + out.shape());
    int b = out.rows();
    diff = Matrix.ensure(diff, b, 1);
    double sum = 0;
    for (int i = 0; i < b; i++) {
      // diff = out[:,0] - y
      float d = out.get(i, 0) - labels[i];
      diff.data()[i] = d;
      sum += (double) d * d;
    }
    return (float) (sum / b);
  }

  /** out[:,0] - y of the last forward, (B, 1). */
  public Matrix diff() {
    return diff;
  }

  @Override
  public Matrix backward() {
    int b = diff.rows();
    grad = Matrix.ensure(grad, b, 1);
    // forward was: loss = mean(diff²), so out.g = 2·diff / B
    for (int i = 0; i < b; i++) grad.data()[i] = 2f * diff.data()[i] / b;
    return grad;
  }

  /** A prediction is right when it rounds to the label. */
  @Override
  public int correct(Matrix out, int[] labels) {
    int right = 0;
    for (int i = 0; i < out.rows(); i++) if (Math.round(out.get(i, 0)) == labels[i]) right++;
    return right;
  }

  @Override
  public int outputs(int classes) {
    return 1;
  }
}
