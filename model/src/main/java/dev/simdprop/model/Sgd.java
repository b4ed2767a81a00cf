package dev.simdprop.model;

import dev.simdprop.kernels.Elementwise;
import java.util.List;

/**
 * Stochastic gradient descent as torch.optim.SGD (dampening 0, no Nesterov): g = grad + wd·p;
 * with momentum v = μ·v + g (v = g on the first step); p -= lr·v.
 */
public final class Sgd {
  private final List<Parameter> params;
  private final float lr, momentum, weightDecay;
  private final float[][] velocity;
  private boolean started;

  public Sgd(List<Parameter> params, float lr, float momentum, float weightDecay) {
    if (!(lr > 0) || Float.isInfinite(lr)) throw new IllegalArgumentException("lr=" + lr + " must be a positive number");
    if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum=" + momentum + " must be in [0, 1)");
    if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) throw new IllegalArgumentException("weight decay=" + weightDecay + " must be >= 0");
    this.params = List.copyOf(params);
    this.lr = lr;
    this.momentum = momentum;
    this.weightDecay = weightDecay;
    this.velocity = new float[params.size()][];
    if (momentum > 0) for (int i = 0; i < params.size(); i++) velocity[i] = new float[params.get(i).value().size()];
  }

  public void step() {
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      float[] w = p.value().data(), g = p.grad().data();
      int n = p.value().size();
      if (weightDecay != 0) Elementwise.axpy(n, weightDecay, w, 0, g, 0); // g += wd·p
      if (momentum == 0) {
        Elementwise.axpy(n, -lr, g, 0, w, 0); // p -= lr·g
        continue;
      }
      float[] v = velocity[i];
      if (started) {
        Elementwise.scale(n, momentum, v, 0, v, 0); // v = μ·v + g
        Elementwise.add(n, v, 0, g, 0, v, 0);
      } else {
        System.arraycopy(g, 0, v, 0, n);
      }
      Elementwise.axpy(n, -lr, v, 0, w, 0); // p -= lr·v
    }
    started = true;
  }

  public void zeroGrad() {
    for (int i = 0; i < params.size(); i++) params.get(i).zeroGrad();
  }
}
