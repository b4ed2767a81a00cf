package dev.simdprop.model;

import dev.simdprop.kernels.Elementwise;
import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Reductions;
import dev.simdprop.model.perf.Counters;
import dev.simdprop.model.perf.Kernel;
import java.util.List;

/**
 * A fully connected layer, stored as PyTorch's {@code nn.Linear}: weight is (out, in), bias is (out).
 * x is (B, in), out is (B, out). With a fused ReLU it is the pair Linear, ReLU in one GEMM whose
 * epilogue adds the bias and clamps while the tile is still in registers.
 */
public final class Linear implements Layer {
  private final int in, out;
  private final Parameter weight, bias;
  private final float[] biasGradScratch;
  private boolean computeInputGrad = true;
  private boolean fusedRelu;
  private Matrix x, y, dx, dpre;

  public Linear(int in, int out) {
    if (in < 1 || out < 1) throw new IllegalArgumentException("Linear(" + in + ", " + out + "): sizes must be >= 1");
    this.in = in;
    this.out = out;
    this.weight = new Parameter("weight", out, in);
    this.bias = new Parameter("bias", 1, out);
    this.biasGradScratch = new float[out];
  }

  public int in() { return in; }

  public int out() { return out; }

  public Parameter weight() { return weight; }

  public Parameter bias() { return bias; }

  /** The first layer's input is data: its gradient would be computed for nobody. */
  public Linear withoutInputGrad() {
    computeInputGrad = false;
    return this;
  }

  /** Applies ReLU to the output, inside the GEMM: this layer then stands for Linear followed by ReLU. */
  public Linear withFusedRelu() {
    fusedRelu = true;
    return this;
  }

  public boolean fusedRelu() {
    return fusedRelu;
  }

  @Override
  public Matrix forward(Matrix x) {
    if (x.cols() != in) throw new IllegalArgumentException("Linear(" + in + ", " + out + ") got input " + x.shape());
    int b = x.rows();
    this.x = x;
    y = Matrix.ensure(y, b, out);
    // W's rows back on cache lines if the garbage collector moved them (a few ns when it did not)
    Matrix w = weight.value(), bv = bias.value();
    w.realign();
    // out = x·Wᵀ + b, or relu(x·Wᵀ + b) when fused, in one pass
    long t = Counters.start();
    Gemm.sgemmBias(false, true, b, out, in, x.data(), x.offset(), in, w.data(), w.offset(), in,
        bv.data(), bv.offset(), fusedRelu, y.data(), 0, out);
    Counters.stop(fusedRelu ? Kernel.SGEMM_NT_BIAS_RELU : Kernel.SGEMM_NT_BIAS, t, b, out, in);
    return y;
  }

  @Override
  public Matrix backward(Matrix dout) {
    int b = x.rows();
    if (fusedRelu) {
      // forward was: out = relu(pre); d(pre) = dout where out > 0 (exactly where pre > 0), else 0
      dpre = Matrix.ensure(dpre, b, out);
      long t = Counters.start();
      Elementwise.reluBackward(b * out, y.data(), 0, dout.data(), dout.offset(), dpre.data(), 0);
      Counters.stop(Kernel.RELU_BACKWARD, t, 1, b * out, 1);
      dout = dpre;
    }
    // forward was: out = x·Wᵀ + b
    // dW += doutᵀ·x            (out, B)·(B, in); written, not added, right after zeroGrad (beta 0)
    float beta = weight.takeGradBeta();
    long t = Counters.start();
    Gemm.sgemm(true, false, out, in, b, 1f, dout.data(), dout.offset(), out, x.data(), x.offset(), in, beta, weight.gradStorage().data(), 0, in);
    Counters.stop(beta == 0 ? Kernel.SGEMM_TN : Kernel.SGEMM_TN_ACCUMULATE, t, out, in, b);
    // db += dout.sum(0)
    boolean addBias = bias.takeGradBeta() != 0;
    float[] db = bias.gradStorage().data();
    t = Counters.start();
    Reductions.columnSums(b, out, dout.data(), dout.offset(), out, addBias ? biasGradScratch : db, 0);
    Counters.stop(Kernel.COLUMN_SUMS, t, b, out, 1);
    if (addBias) {
      t = Counters.start();
      Elementwise.add(out, db, 0, biasGradScratch, 0, db, 0);
      Counters.stop(Kernel.ADD, t, 1, out, 1);
    }
    if (!computeInputGrad) return null;
    // dx = dout·W              (B, out)·(out, in)
    dx = Matrix.ensure(dx, b, in);
    t = Counters.start();
    Matrix w = weight.value();
    Gemm.sgemm(false, false, b, in, out, 1f, dout.data(), dout.offset(), out, w.data(), w.offset(), in, 0f, dx.data(), 0, in);
    Counters.stop(Kernel.SGEMM_NN, t, b, in, out);
    return dx;
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(weight, bias);
  }
}
