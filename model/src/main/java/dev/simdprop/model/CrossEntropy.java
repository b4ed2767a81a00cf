package dev.simdprop.model;

import dev.simdprop.kernels.Elementwise;
import dev.simdprop.kernels.Reductions;
import dev.simdprop.model.perf.Counters;
import dev.simdprop.model.perf.Kernel;

/**
 * Cross-entropy on logits, as 04_minibatch_training: log-softmax through logsumexp, then the
 * negative log-likelihood of the labels, averaged over the batch. out is (B, C), labels in [0, C).
 */
public final class CrossEntropy implements Loss {
  private Matrix logProbs, grad;
  private int[] labels, predicted = new int[0];

  @Override
  public float forward(Matrix out, int[] labels) {
    int b = out.rows(), c = out.cols();
    this.labels = labels;
    logProbs = Matrix.ensure(logProbs, b, c);
    // log_softmax(x) = x - logsumexp(x)
    long t = Counters.start();
    Elementwise.logSoftmaxRows(b, c, out.data(), out.offset(), c, logProbs.data(), 0, c);
    Counters.stop(Kernel.LOG_SOFTMAX_ROWS, t, b, c, 1);
    // nll = -mean(log_softmax(x)[i, y_i])
    double sum = 0;
    for (int i = 0; i < b; i++) {
      int y = labels[i];
      if (y < 0 || y >= c) throw new IllegalArgumentException("label " + y + " of row " + i + " outside 0.." + (c - 1));
      sum -= logProbs.get(i, y);
    }
    return (float) (sum / b);
  }

  @Override
  public Matrix backward() {
    int b = logProbs.rows(), c = logProbs.cols();
    grad = Matrix.ensure(grad, b, c);
    // forward was: loss = -mean(log_softmax(x)[i, y_i]); its gradient is (softmax(x) - onehot(y)) / B
    long t = Counters.start();
    Elementwise.exp(b * c, logProbs.data(), 0, grad.data(), 0);
    Counters.stop(Kernel.EXP, t, 1, b * c, 1);
    for (int i = 0; i < b; i++) grad.data()[i * c + labels[i]] -= 1f;
    t = Counters.start();
    Elementwise.scale(b * c, 1f / b, grad.data(), 0, grad.data(), 0);
    Counters.stop(Kernel.SCALE, t, 1, b * c, 1);
    return grad;
  }

  @Override
  public int correct(Matrix out, int[] labels) {
    int b = out.rows();
    if (predicted.length < b) predicted = new int[b];
    // accuracy = (out.argmax(1) == y)
    long t = Counters.start();
    Reductions.rowArgmax(b, out.cols(), out.data(), out.offset(), out.cols(), predicted, 0);
    Counters.stop(Kernel.ROW_ARGMAX, t, b, out.cols(), 1);
    int right = 0;
    for (int i = 0; i < b; i++) if (predicted[i] == labels[i]) right++;
    return right;
  }

  @Override
  public int outputs(int classes) {
    return classes;
  }
}
