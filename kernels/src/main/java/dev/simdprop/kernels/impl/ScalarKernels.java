package dev.simdprop.kernels.impl;

/**
 * The scalar reference twins: the obvious loops, written to be read. They define what every
 * vectorized kernel must compute, and they serve whenever the Vector API is unavailable.
 */
public final class ScalarKernels implements KernelSet {
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public String name() {
    return "scalar";
  }

  // ---------------------------------------------------------------- GEMM

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    if (alpha == 0 || k == 0) {
      scaleC(m, n, beta, c, cOff, ldc);
      return;
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int p = 0; p < k; p++) {
          float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          float bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          s += aip * bpj;
        }
        int ij = cOff + i * ldc + j;
        // BLAS: with beta == 0, C is not read, so NaN or Inf already in C does not leak.
        c[ij] = beta == 0 ? alpha * s : alpha * s + beta * c[ij];
      }
    }
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    if (alpha == 0 || k == 0) {
      scaleC(m, n, beta, c, cOff, ldc);
      return;
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          double bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          s += aip * bpj;
        }
        int ij = cOff + i * ldc + j;
        c[ij] = beta == 0 ? alpha * s : alpha * s + beta * c[ij];
      }
    }
  }

  @Override
  public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
    sgemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc);
    biasAndRelu(m, n, bias, biasOff, relu, c, cOff, ldc);
  }

  /** c[i][j] = act(c[i][j] + bias[j]): the epilogue of a linear layer (bias may be null, act ReLU or none). */
  static void biasAndRelu(int m, int n, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int ij = cOff + i * ldc + j;
        float v = bias == null ? c[ij] : c[ij] + bias[biasOff + j];
        c[ij] = relu ? Math.max(v, 0f) : v;
      }
    }
  }

  /** C = beta·C, the whole GEMM when alpha == 0 or k == 0; beta == 0 writes zeros without reading C. */
  static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = cOff + i * ldc, end = j + n; j < end; j++) c[j] = beta == 0 ? 0f : beta * c[j];
    }
  }

  static void scaleC(int m, int n, double beta, double[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      for (int j = cOff + i * ldc, end = j + n; j < end; j++) c[j] = beta == 0 ? 0d : beta * c[j];
    }
  }

  // ---------------------------------------------------------------- broadcast-add

  @Override
  public void addRowVector(int m, int n, float[] a, int aOff, int lda, float[] row, int rowOff,
      float[] dst, int dstOff, int ldd) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) dst[dstOff + i * ldd + j] = a[aOff + i * lda + j] + row[rowOff + j];
    }
  }

  @Override
  public void addColumnVector(int m, int n, float[] a, int aOff, int lda, float[] col, int colOff,
      float[] dst, int dstOff, int ldd) {
    for (int i = 0; i < m; i++) {
      float ci = col[colOff + i];
      for (int j = 0; j < n; j++) dst[dstOff + i * ldd + j] = a[aOff + i * lda + j] + ci;
    }
  }

  // ---------------------------------------------------------------- reductions

  @Override
  public float sum(int n, float[] x, int xOff) {
    float s = 0;
    for (int i = 0; i < n; i++) s += x[xOff + i];
    return s;
  }

  @Override
  public void columnSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    for (int j = 0; j < n; j++) {
      float s = 0;
      for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
      out[outOff + j] = s;
    }
  }

  @Override
  public void rowSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    for (int i = 0; i < m; i++) out[outOff + i] = sum(n, a, aOff + i * lda);
  }

  @Override
  public void rowMax(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    for (int i = 0; i < m; i++) out[outOff + i] = max(n, a, aOff + i * lda);
  }

  static float max(int n, float[] x, int xOff) {
    float mx = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) mx = Math.max(mx, x[xOff + j]); // Math.max propagates NaN
    return mx;
  }

  @Override
  public void rowArgmax(int m, int n, float[] a, int aOff, int lda, int[] out, int outOff) {
    for (int i = 0; i < m; i++) out[outOff + i] = firstIndexOf(max(n, a, aOff + i * lda), n, a, aOff + i * lda);
  }

  /** The first j with x[j] == value, or the first NaN when value is NaN (as torch.argmax). */
  static int firstIndexOf(float value, int n, float[] x, int xOff) {
    boolean nan = Float.isNaN(value);
    for (int j = 0; j < n; j++) {
      float v = x[xOff + j];
      if (nan ? v != v : v == value) return j;
    }
    throw new AssertionError("the maximum is in the row");
  }

  @Override
  public void rowLogSumExp(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    for (int i = 0; i < m; i++) out[outOff + i] = logSumExp(n, a, aOff + i * lda);
  }

  static float logSumExp(int n, float[] x, int xOff) {
    float mx = max(n, x, xOff);
    // An infinite or NaN maximum is the answer itself; subtracting it would make NaN.
    if (Float.isInfinite(mx) || Float.isNaN(mx)) return mx;
    float s = 0;
    for (int j = 0; j < n; j++) s += (float) Math.exp(x[xOff + j] - mx);
    return mx + (float) Math.log(s);
  }

  @Override
  public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
    float s = 0;
    for (int i = 0; i < n; i++) s += x[xOff + i] * y[yOff + i];
    return s;
  }

  @Override
  public float sumOfSquares(int n, float[] x, int xOff) {
    return dot(n, x, xOff, x, xOff);
  }

  // ---------------------------------------------------------------- elementwise

  @Override
  public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
  }

  @Override
  public void reluBackward(int n, float[] x, int xOff, float[] g, int gOff, float[] dx, int dxOff) {
    for (int i = 0; i < n; i++) dx[dxOff + i] = x[xOff + i] > 0 ? g[gOff + i] : 0f;
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) y[yOff + i] = alpha * x[xOff + i];
  }

  @Override
  public void add(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] + y[yOff + i];
  }

  @Override
  public void subtract(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] - y[yOff + i];
  }

  @Override
  public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    for (int i = 0; i < n; i++) z[zOff + i] = x[xOff + i] * y[yOff + i];
  }

  @Override
  public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.exp(x[xOff + i]);
  }

  @Override
  public void softmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda, di = dstOff + i * ldd;
      float mx = max(n, a, ai);
      float s = 0;
      for (int j = 0; j < n; j++) s += (float) Math.exp(a[ai + j] - mx);
      for (int j = 0; j < n; j++) dst[di + j] = (float) Math.exp(a[ai + j] - mx) / s;
    }
  }

  @Override
  public void logSoftmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda, di = dstOff + i * ldd;
      float lse = logSumExp(n, a, ai);
      for (int j = 0; j < n; j++) dst[di + j] = a[ai + j] - lse;
    }
  }
}
