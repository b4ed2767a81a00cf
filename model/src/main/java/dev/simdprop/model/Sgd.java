package dev.simdprop.model;

import dev.simdprop.kernels.Elementwise;
import dev.simdprop.model.perf.Counters;
import dev.simdprop.model.perf.Kernel;
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
      Matrix value = p.value(), grad = p.grad();
      float[] w = value.data(), g = grad.data();
      int wo = value.offset(), go = grad.offset(), n = value.size();
      long t;
      if (weightDecay != 0) {
        t = Counters.start();
        Elementwise.axpy(n, weightDecay, w, wo, g, go); // g += wd·p
        Counters.stop(Kernel.AXPY, t, 1, n, 1);
      }
      float[] v = g;
      int vo = go;
      if (momentum != 0) {
        v = velocity[i];
        vo = 0;
        if (started) {
          t = Counters.start();
          Elementwise.scale(n, momentum, v, 0, v, 0); // v = μ·v + g
          Counters.stop(Kernel.SCALE, t, 1, n, 1);
          t = Counters.start();
          Elementwise.add(n, v, 0, g, go, v, 0);
          Counters.stop(Kernel.ADD, t, 1, n, 1);
        } else {
          System.arraycopy(g, go, v, 0, n);
        }
      }
      t = Counters.start();
      Elementwise.axpy(n, -lr, v, vo, w, wo); // p -= lr·v (v is g without momentum)
      Counters.stop(Kernel.AXPY, t, 1, n, 1);
    }
    started = true;
  }

  public void zeroGrad() {
    for (int i = 0; i < params.size(); i++) params.get(i).zeroGrad();
  }
}
