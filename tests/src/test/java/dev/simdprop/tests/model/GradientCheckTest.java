package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.Init;
import dev.simdprop.model.Linear;
import dev.simdprop.model.Loss;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.MeanSquaredError;
import dev.simdprop.model.Parameter;
import dev.simdprop.model.ReLU;
import dev.simdprop.model.Sequential;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Every analytic gradient against central finite differences computed in double precision on an
 * independent double implementation of the same function: (f(p + h) - f(p - h)) / 2h with h = 1e-5,
 * whose own error (~h² and ~1e-16/h) is far below the float gradient's. Tolerance: 1e-4 of the
 * gradient's scale in its tensor plus 1e-6 — a float backward carries errors of a few 1e-7
 * relative; a wrong formula misses by O(1).
 */
class GradientCheckTest {
  static final double H = 1e-5;

  @Test
  void linearLayerGradients() {
    Random rnd = new Random(1);
    int b = 5, in = 7, out = 4;
    Linear lin = new Linear(in, out);
    fill(lin.weight().value(), rnd);
    fill(lin.bias().value(), rnd);
    Matrix x = fill(new Matrix(b, in), rnd), r = fill(new Matrix(b, out), rnd);
    // L = sum(out ⊙ r), so dL/dout = r
    Matrix dx = lin.backward(copyOf(r, lin.forward(x)));
    ToDoubleFunction<double[][]> loss = p -> {
      double s = 0;
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < out; j++) {
          double z = p[2][j];
          for (int k = 0; k < in; k++) z += p[0][i * in + k] * p[1][j * in + k];
          s += z * r.get(i, j);
        }
      }
      return s;
    };
    double[][] params = {doubles(x), doubles(lin.weight().value()), doubles(lin.bias().value())};
    check("Linear dx", dx, numeric(loss, params, 0));
    check("Linear dW", lin.weight().grad(), numeric(loss, params, 1));
    check("Linear db", lin.bias().grad(), numeric(loss, params, 2));
  }

  @Test
  void reluLayerGradient() {
    Random rnd = new Random(2);
    Matrix x = fill(new Matrix(6, 9), rnd), r = fill(new Matrix(6, 9), rnd);
    ReLU relu = new ReLU();
    Matrix dx = relu.backward(copyOf(r, relu.forward(x)));
    ToDoubleFunction<double[][]> loss = p -> {
      double s = 0;
      for (int i = 0; i < p[0].length; i++) s += Math.max(p[0][i], 0) * r.data()[i];
      return s;
    };
    check("ReLU dx", dx, numeric(loss, new double[][] {doubles(x)}, 0));
  }

  @Test
  void mlpWithCrossEntropy() {
    checkNetwork(new CrossEntropy(), 4);
  }

  @Test
  void mlpWithMeanSquaredError() {
    checkNetwork(new MeanSquaredError(), 1);
  }

  /** Linear with the ReLU fused into its GEMM computes the same bits as Linear then ReLU, forward and backward. */
  @Test
  void fusedLinearReluEqualsTheSeparatePair() {
    Random rnd = new Random(5);
    Sequential fused = Sequential.mlp(37, 19, 5);
    Sequential separate = new Sequential(List.of(new Linear(37, 19), new ReLU(), new Linear(19, 5)));
    assertThat(fused.stateDict().keySet()).containsExactlyElementsOf(separate.stateDict().keySet());
    for (String name : fused.stateDict().keySet()) {
      fill(fused.stateDict().get(name).value(), rnd);
      Matrix from = fused.stateDict().get(name).value(), to = separate.stateDict().get(name).value();
      System.arraycopy(from.data(), from.offset(), to.data(), to.offset(), from.size());
    }
    Matrix x = fill(new Matrix(23, 37), rnd);
    int[] y = new int[23];
    for (int i = 0; i < y.length; i++) y[i] = rnd.nextInt(5);
    CrossEntropy l1 = new CrossEntropy(), l2 = new CrossEntropy();
    float lossFused = l1.forward(fused.forward(x), y), lossSeparate = l2.forward(separate.forward(x), y);
    assertThat(lossFused).isEqualTo(lossSeparate);
    fused.backward(l1.backward());
    separate.backward(l2.backward());
    for (String name : fused.stateDict().keySet()) {
      assertThat(fused.stateDict().get(name).grad().toArray()).as(name).containsExactly(separate.stateDict().get(name).grad().toArray());
    }
  }

  /** A 6-5-4-outputs network (two hidden ReLU layers) on a batch of 7: every parameter's gradient. */
  private static void checkNetwork(Loss lossFn, int outputs) {
    Random rnd = new Random(3);
    int b = 7;
    Sequential model = Sequential.mlp(6, 5, 4, outputs);
    Init.KAIMING.apply(model, 11);
    for (Parameter p : model.parameters()) if (p.name().equals("bias")) fill(p.value(), rnd);
    Matrix x = fill(new Matrix(b, 6), rnd);
    int[] y = new int[b];
    for (int i = 0; i < b; i++) y[i] = rnd.nextInt(Math.max(outputs, 3));
    float loss = lossFn.forward(model.forward(x), y);
    model.backward(lossFn.backward());

    List<Parameter> params = model.parameters();
    double[][] p = new double[params.size()][];
    for (int i = 0; i < p.length; i++) p[i] = doubles(params.get(i).value());
    ToDoubleFunction<double[][]> reference = q -> referenceLoss(q, x, y, lossFn instanceof CrossEntropy, new int[] {6, 5, 4, outputs});
    assertThat((double) loss).isCloseTo(reference.applyAsDouble(p), org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, Math.abs(loss))));
    for (int i = 0; i < p.length; i++) {
      check(model.stateDict().keySet().toArray()[i] + " (" + lossFn.getClass().getSimpleName() + ")", params.get(i).grad(), numeric(reference, p, i));
    }
  }

  /** The network and loss in double: Linear (weight (out, in)) and ReLU alternating, then CE or MSE. */
  static double referenceLoss(double[][] p, Matrix x, int[] y, boolean crossEntropy, int[] sizes) {
    int b = x.rows();
    double[] act = doubles(x);
    for (int layer = 0; layer + 1 < sizes.length; layer++) {
      int in = sizes[layer], out = sizes[layer + 1];
      double[] w = p[2 * layer], bias = p[2 * layer + 1], z = new double[b * out];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < out; j++) {
          double s = bias[j];
          for (int k = 0; k < in; k++) s += act[i * in + k] * w[j * in + k];
          z[i * out + j] = layer + 2 < sizes.length ? Math.max(s, 0) : s;
          if (layer + 2 < sizes.length && Math.abs(s) < 1e-3) throw new IllegalStateException("pre-activation near ReLU's kink");
        }
      }
      act = z;
    }
    int c = sizes[sizes.length - 1];
    double total = 0;
    for (int i = 0; i < b; i++) {
      if (crossEntropy) {
        double max = Double.NEGATIVE_INFINITY, s = 0;
        for (int j = 0; j < c; j++) max = Math.max(max, act[i * c + j]);
        for (int j = 0; j < c; j++) s += Math.exp(act[i * c + j] - max);
        total -= act[i * c + y[i]] - max - Math.log(s);
      } else {
        double d = act[i] - y[i];
        total += d * d;
      }
    }
    return total / b;
  }

  /** Central differences of f with respect to every element of params[which]. */
  static double[] numeric(ToDoubleFunction<double[][]> f, double[][] params, int which) {
    double[] g = new double[params[which].length];
    for (int i = 0; i < g.length; i++) {
      double keep = params[which][i];
      params[which][i] = keep + H;
      double up = f.applyAsDouble(params);
      params[which][i] = keep - H;
      double down = f.applyAsDouble(params);
      params[which][i] = keep;
      g[i] = (up - down) / (2 * H);
    }
    return g;
  }

  static void check(String what, Matrix analytic, double[] numeric) {
    assertThat(analytic.size()).as(what + " size").isEqualTo(numeric.length);
    double scale = 0;
    for (double v : numeric) scale = Math.max(scale, Math.abs(v));
    double tolerance = 1e-4 * scale + 1e-6;
    for (int i = 0; i < numeric.length; i++) {
      float got = analytic.data()[analytic.offset() + i];
      if (!(Math.abs(got - numeric[i]) <= tolerance)) {
        fail(what + "[" + i + "] = " + got + ", finite differences give " + numeric[i] + " (tolerance " + tolerance + ")");
      }
    }
  }

  static Matrix fill(Matrix m, Random rnd) {
    for (int i = 0; i < m.size(); i++) m.data()[m.offset() + i] = (float) rnd.nextGaussian();
    return m;
  }

  static Matrix copyOf(Matrix source, Matrix shapeOf) {
    Matrix m = new Matrix(shapeOf.rows(), shapeOf.cols());
    System.arraycopy(source.data(), source.offset(), m.data(), 0, m.size());
    return m;
  }

  static double[] doubles(Matrix m) {
    double[] d = new double[m.size()];
    for (int i = 0; i < d.length; i++) d[i] = m.data()[m.offset() + i];
    return d;
  }

}
