package dev.simdprop.model;

import dev.simdprop.kernels.Elementwise;
import dev.simdprop.model.perf.Counters;
import dev.simdprop.model.perf.Kernel;

/** out = max(x, 0); x and out are (B, C). */
public final class ReLU implements Layer {
  private Matrix x, y, dx;

  @Override
  public Matrix forward(Matrix x) {
    this.x = x;
    y = Matrix.ensure(y, x.rows(), x.cols());
    long t = Counters.start();
    Elementwise.relu(x.size(), x.data(), x.offset(), y.data(), 0);
    Counters.stop(Kernel.RELU, t, 1, x.size(), 1);
    return y;
  }

  @Override
  public Matrix backward(Matrix dout) {
    // forward was: out = max(x, 0), so dx = dout where x > 0, else 0
    dx = Matrix.ensure(dx, x.rows(), x.cols());
    long t = Counters.start();
    Elementwise.reluBackward(x.size(), x.data(), x.offset(), dout.data(), dout.offset(), dx.data(), 0);
    Counters.stop(Kernel.RELU_BACKWARD, t, 1, x.size(), 1);
    return dx;
  }
}
