package dev.simdprop.bench;

/**
 * The lesson's 784-50-10 training step written as plain loops, the way 03_backprop's first cells
 * do it before any library: the baseline the MLP-step benchmark compares simdprop with. Weights are
 * stored as PyTorch's nn.Linear: w1 (h, in), b1 (h), w2 (o, h), b2 (o).
 */
final class NaiveMlp {
  final int in, hidden, out;
  final float[] w1, b1, w2, b2;
  private final float[] g1, gb1, g2, gb2;
  private float[] h, a, logits, dlogits, dh;

  NaiveMlp(int in, int hidden, int out, float[] w1, float[] b1, float[] w2, float[] b2) {
    this.in = in;
    this.hidden = hidden;
    this.out = out;
    this.w1 = w1.clone();
    this.b1 = b1.clone();
    this.w2 = w2.clone();
    this.b2 = b2.clone();
    g1 = new float[w1.length];
    gb1 = new float[b1.length];
    g2 = new float[w2.length];
    gb2 = new float[b2.length];
  }

  /** One SGD step of cross-entropy on x (batch, in) and labels; returns the mean loss. */
  float step(float[] x, int xOff, int[] labels, int batch, float lr) {
    if (h == null || h.length != batch * hidden) {
      h = new float[batch * hidden];
      a = new float[batch * hidden];
      logits = new float[batch * out];
      dlogits = new float[batch * out];
      dh = new float[batch * hidden];
    }
    // l1 = x @ w1.T + b1; a = relu(l1)
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < hidden; j++) {
        float s = b1[j];
        for (int p = 0; p < in; p++) s += x[xOff + i * in + p] * w1[j * in + p];
        h[i * hidden + j] = s;
        a[i * hidden + j] = Math.max(s, 0f);
      }
    }
    // logits = a @ w2.T + b2
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < out; j++) {
        float s = b2[j];
        for (int p = 0; p < hidden; p++) s += a[i * hidden + p] * w2[j * hidden + p];
        logits[i * out + j] = s;
      }
    }
    // loss = mean(logsumexp(logits) - logits[y]); dlogits = (softmax - onehot) / batch
    double loss = 0;
    for (int i = 0; i < batch; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < out; j++) max = Math.max(max, logits[i * out + j]);
      double sum = 0;
      for (int j = 0; j < out; j++) sum += Math.exp(logits[i * out + j] - max);
      double lse = max + Math.log(sum);
      loss += lse - logits[i * out + labels[i]];
      for (int j = 0; j < out; j++) {
        dlogits[i * out + j] = (float) ((Math.exp(logits[i * out + j] - lse) - (j == labels[i] ? 1 : 0)) / batch);
      }
    }
    // w2.g = dlogits.T @ a; b2.g = dlogits.sum(0); da = dlogits @ w2, masked by relu'
    java.util.Arrays.fill(g2, 0f);
    java.util.Arrays.fill(gb2, 0f);
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < out; j++) {
        float d = dlogits[i * out + j];
        gb2[j] += d;
        for (int p = 0; p < hidden; p++) g2[j * hidden + p] += d * a[i * hidden + p];
      }
    }
    for (int i = 0; i < batch; i++) {
      for (int p = 0; p < hidden; p++) {
        float s = 0;
        for (int j = 0; j < out; j++) s += dlogits[i * out + j] * w2[j * hidden + p];
        dh[i * hidden + p] = h[i * hidden + p] > 0 ? s : 0f;
      }
    }
    // w1.g = dh.T @ x; b1.g = dh.sum(0)
    java.util.Arrays.fill(g1, 0f);
    java.util.Arrays.fill(gb1, 0f);
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < hidden; j++) {
        float d = dh[i * hidden + j];
        gb1[j] += d;
        for (int p = 0; p < in; p++) g1[j * in + p] += d * x[xOff + i * in + p];
      }
    }
    // p -= lr * p.g
    update(w1, g1, lr);
    update(b1, gb1, lr);
    update(w2, g2, lr);
    update(b2, gb2, lr);
    return (float) (loss / batch);
  }

  private static void update(float[] p, float[] g, float lr) {
    for (int i = 0; i < p.length; i++) p[i] -= lr * g[i];
  }
}
