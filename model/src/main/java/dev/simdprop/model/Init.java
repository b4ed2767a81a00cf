package dev.simdprop.model;

import java.util.Random;

/** Weight initialisations, seeded and deterministic. */
public enum Init {
  /** PyTorch's nn.Linear default: weight and bias uniform in ±1/√in. */
  PYTORCH,
  /** 03_backprop's: weight randn (unscaled), bias zero. */
  RANDN,
  /** Kaiming normal for ReLU: weight N(0, 2/in), bias zero. */
  KAIMING;

  public void apply(Sequential model, long seed) {
    Random rnd = new Random(seed);
    for (Layer layer : model.layers()) {
      if (!(layer instanceof Linear lin)) continue;
      Matrix w = lin.weight().value(), b = lin.bias().value();
      double bound = 1 / Math.sqrt(lin.in());
      for (int i = 0; i < w.size(); i++) {
        w.data()[w.offset() + i] = (float) switch (this) {
          case PYTORCH -> (2 * rnd.nextDouble() - 1) * bound;
          case RANDN -> rnd.nextGaussian();
          case KAIMING -> rnd.nextGaussian() * Math.sqrt(2.0 / lin.in());
        };
      }
      for (int i = 0; i < b.size(); i++) b.data()[b.offset() + i] = this == PYTORCH ? (float) ((2 * rnd.nextDouble() - 1) * bound) : 0f;
    }
  }
}
