package dev.simdprop.model;

import dev.simdprop.kernels.Elementwise;

/** out = max(x, 0); x and out are (B, C). */
public final class ReLU implements Layer {
  private Matrix x, y, dx;

  @Override
  public Matrix forward(Matrix x) {
    this.x = x;
    y = Matrix.ensure(y, x.rows(), x.cols());
    Elementwise.relu(x.size(), x.data(), x.offset(), y.data(), 0);
    return y;
  }

  @Override
  public Matrix backward(Matrix dout) {
    // forward was: out = max(x, 0), so dx = dout where x > 0, else 0
    dx = Matrix.ensure(dx, x.rows(), x.cols());
    Elementwise.reluBackward(x.size(), x.data(), x.offset(), dout.data(), dout.offset(), dx.data(), 0);
    return dx;
  }
}
