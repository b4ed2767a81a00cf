package dev.simdprop.kernels.impl;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation. Loaded only after {@link Provider} has checked that the
 * {@code jdk.incubator.vector} module is present. Loops run whole vectors up to
 * {@code SPECIES.loopBound(n)} and hand the tail to the scalar twin: masked tails are slow on AVX2.
 * Vectors live only in local variables (stored in fields or arrays they would be boxed).
 */
public final class VectorKernels implements KernelSet {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();

  public static final VectorKernels INSTANCE = new VectorKernels();

  private VectorKernels() {}

  /** Why this implementation should not be used on this JVM, or null if it should. */
  static String unusableReason() {
    if (F.vectorBitSize() < 128) {
      return "the preferred vector species is only " + F.vectorBitSize() + " bits";
    }
    return null;
  }

  /** Also says whether the GEMMs' packed panels start on cache lines, which moves their speed by 3-9% (see {@link CacheLines}). */
  @Override
  public String name() {
    return "vector " + F.vectorBitSize() + "-bit (" + L + " floats, "
        + (CacheLines.available() ? "cache-aligned panels" : "unaligned panels: no native access") + ")";
  }

  // ---------------------------------------------------------------- GEMM

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    VectorSgemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override
  public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
    VectorSgemm.sgemmBias(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, c, cOff, ldc);
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    VectorDgemm.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  // ---------------------------------------------------------------- broadcast-add

  @Override
  public void addRowVector(int m, int n, float[] a, int aOff, int lda, float[] row, int rowOff,
      float[] dst, int dstOff, int ldd) {
    for (int i = 0; i < m; i++) add(n, a, aOff + i * lda, row, rowOff, dst, dstOff + i * ldd);
  }

  @Override
  public void addColumnVector(int m, int n, float[] a, int aOff, int lda, float[] col, int colOff,
      float[] dst, int dstOff, int ldd) {
    int upper = F.loopBound(n);
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda, di = dstOff + i * ldd;
      float ci = col[colOff + i];
      int j = 0;
      for (; j < upper; j += L) FloatVector.fromArray(F, a, ai + j).add(ci).intoArray(dst, di + j);
      for (; j < n; j++) dst[di + j] = a[ai + j] + ci;
    }
  }

  // ---------------------------------------------------------------- reductions

  @Override
  public float sum(int n, float[] x, int xOff) {
    // Two accumulators hide the add latency; one horizontal reduction at the end.
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
    int i = 0;
    for (int upper2 = n - 2 * L + 1; i < upper2; i += 2 * L) {
      s0 = s0.add(FloatVector.fromArray(F, x, xOff + i));
      s1 = s1.add(FloatVector.fromArray(F, x, xOff + i + L));
    }
    for (int upper = F.loopBound(n); i < upper; i += L) s0 = s0.add(FloatVector.fromArray(F, x, xOff + i));
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) s += x[xOff + i];
    return s;
  }

  @Override
  public void columnSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    // Row by row into out (which stays in L1): each out[j] is summed in row order, as the twin does.
    for (int j = 0; j < n; j++) out[outOff + j] = 0f;
    for (int i = 0; i < m; i++) add(n, out, outOff, a, aOff + i * lda, out, outOff);
  }

  @Override
  public void rowSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    for (int i = 0; i < m; i++) out[outOff + i] = sum(n, a, aOff + i * lda);
  }

  @Override
  public void rowMax(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    for (int i = 0; i < m; i++) out[outOff + i] = max(n, a, aOff + i * lda);
  }

  /**
   * The row's maximum. Its tail stays scalar: for rows of 10, one masked vector max and its lane
   * reduction measured slower than 10 compares (rowMax of 50x10: 0.37 → 0.54 µs, and softmaxRows,
   * whose inlining it changed, 3.1 → 5.1 µs).
   */
  private static float max(int n, float[] x, int xOff) {
    FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
    int j = 0;
    for (int upper = F.loopBound(n); j < upper; j += L) mv = mv.max(FloatVector.fromArray(F, x, xOff + j));
    float mx = j > 0 ? mv.reduceLanes(VectorOperators.MAX) : Float.NEGATIVE_INFINITY; // lanewise MAX follows Math.max: NaN wins
    for (; j < n; j++) mx = Math.max(mx, x[xOff + j]);
    return mx;
  }

  /**
   * Whether a row's tail (fewer than L values from offset) can be read as one whole vector, whose
   * lanes past the row are then computed but not used.
   */
  private static boolean tailFits(float[] x, int offset) {
    return offset + L <= x.length;
  }

  /** One vector of scratch per thread for a row's tail (see {@link #sumExpShifted}). */
  private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[L]);

  @Override
  public void rowArgmax(int m, int n, float[] a, int aOff, int lda, int[] out, int outOff) {
    int upper = F.loopBound(n);
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      float mx = max(n, a, ai);
      int found = -1;
      if (!Float.isNaN(mx)) {
        for (int j = 0; j < upper && found < 0; j += L) {
          VectorMask<Float> hit = FloatVector.fromArray(F, a, ai + j).compare(VectorOperators.EQ, mx);
          if (hit.anyTrue()) found = j + hit.firstTrue();
        }
      }
      out[outOff + i] = found >= 0 ? found : ScalarKernels.firstIndexOf(mx, n, a, ai);
    }
  }

  @Override
  public void rowLogSumExp(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    float[] tail = TAIL.get();
    for (int i = 0; i < m; i++) out[outOff + i] = logSumExp(n, a, aOff + i * lda, tail);
  }

  private static float logSumExp(int n, float[] x, int xOff, float[] tail) {
    float mx = max(n, x, xOff);
    // An infinite or NaN maximum is the answer itself; subtracting it would make NaN.
    if (Float.isInfinite(mx) || Float.isNaN(mx)) return mx;
    return mx + (float) Math.log(sumExpShifted(n, x, xOff, mx, tail));
  }

  /**
   * sum over j of exp(x[j] - shift). A tail shorter than a vector is one vector exp, stored into
   * the thread's scratch vector, whose first n - j values are then added in order; not one scalar
   * Math.exp each. On the classifier's rows of 10 logits, 50x10: rowLogSumExp 3.2 → 1.3 µs,
   * logSoftmaxRows 3.3 → 1.6. No mask on purpose: while the tail was a masked vector add, one run
   * of the 128-bit training test (of about 15) allocated 15 KB a step for good; six more runs of
   * that form did not repeat it, so its cause is unknown, but this form has no mask to box.
   */
  private static float sumExpShifted(int n, float[] x, int xOff, float shift, float[] tail) {
    FloatVector s = FloatVector.zero(F);
    int j = 0;
    for (int upper = F.loopBound(n); j < upper; j += L) {
      s = s.add(FloatVector.fromArray(F, x, xOff + j).sub(shift).lanewise(VectorOperators.EXP));
    }
    float total = j > 0 ? s.reduceLanes(VectorOperators.ADD) : 0f;
    if (j < n && tailFits(x, xOff + j)) {
      FloatVector.fromArray(F, x, xOff + j).sub(shift).lanewise(VectorOperators.EXP).intoArray(tail, 0);
      for (int q = 0; q < n - j; q++) total += tail[q];
      return total;
    }
    for (; j < n; j++) total += (float) Math.exp(x[xOff + j] - shift);
    return total;
  }

  @Override
  public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
    FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
    int i = 0;
    for (int upper2 = n - 2 * L + 1; i < upper2; i += 2 * L) {
      s0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), s0);
      s1 = FloatVector.fromArray(F, x, xOff + i + L).fma(FloatVector.fromArray(F, y, yOff + i + L), s1);
    }
    for (int upper = F.loopBound(n); i < upper; i += L) {
      s0 = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), s0);
    }
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
    for (; i < n; i++) s += x[xOff + i] * y[yOff + i];
    return s;
  }

  @Override
  public float sumOfSquares(int n, float[] x, int xOff) {
    return dot(n, x, xOff, x, xOff);
  }

  // ---------------------------------------------------------------- elementwise

  @Override
  public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) FloatVector.fromArray(F, x, xOff + i).max(0f).intoArray(y, yOff + i);
    ScalarKernels.INSTANCE.relu(n - i, x, xOff + i, y, yOff + i);
  }

  @Override
  public void reluBackward(int n, float[] x, int xOff, float[] g, int gOff, float[] dx, int dxOff) {
    FloatVector zero = FloatVector.zero(F);
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) {
      VectorMask<Float> positive = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(F, g, gOff + i), positive).intoArray(dx, dxOff + i);
    }
    ScalarKernels.INSTANCE.reluBackward(n - i, x, xOff + i, g, gOff + i, dx, dxOff + i);
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    FloatVector av = FloatVector.broadcast(F, alpha);
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(F, x, xOff + i).fma(av, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
    }
    ScalarKernels.INSTANCE.axpy(n - i, alpha, x, xOff + i, y, yOff + i);
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) FloatVector.fromArray(F, x, xOff + i).mul(alpha).intoArray(y, yOff + i);
    ScalarKernels.INSTANCE.scale(n - i, alpha, x, xOff + i, y, yOff + i);
  }

  @Override
  public void add(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(F, x, xOff + i).add(FloatVector.fromArray(F, y, yOff + i)).intoArray(z, zOff + i);
    }
    ScalarKernels.INSTANCE.add(n - i, x, xOff + i, y, yOff + i, z, zOff + i);
  }

  @Override
  public void subtract(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(F, x, xOff + i).sub(FloatVector.fromArray(F, y, yOff + i)).intoArray(z, zOff + i);
    }
    ScalarKernels.INSTANCE.subtract(n - i, x, xOff + i, y, yOff + i, z, zOff + i);
  }

  @Override
  public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(F, x, xOff + i).mul(FloatVector.fromArray(F, y, yOff + i)).intoArray(z, zOff + i);
    }
    ScalarKernels.INSTANCE.multiply(n - i, x, xOff + i, y, yOff + i, z, zOff + i);
  }

  @Override
  public void exp(int n, float[] x, int xOff, float[] y, int yOff) {
    int i = 0;
    for (int upper = F.loopBound(n); i < upper; i += L) {
      FloatVector.fromArray(F, x, xOff + i).lanewise(VectorOperators.EXP).intoArray(y, yOff + i);
    }
    ScalarKernels.INSTANCE.exp(n - i, x, xOff + i, y, yOff + i);
  }

  @Override
  public void softmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    int upper = F.loopBound(n);
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda, di = dstOff + i * ldd;
      float mx = max(n, a, ai);
      // dst = exp(a - max), summed on the way; then one pass scales by 1/sum.
      FloatVector sv = FloatVector.zero(F);
      int j = 0;
      for (; j < upper; j += L) {
        FloatVector e = FloatVector.fromArray(F, a, ai + j).sub(mx).lanewise(VectorOperators.EXP);
        e.intoArray(dst, di + j);
        sv = sv.add(e);
      }
      float s = sv.reduceLanes(VectorOperators.ADD);
      for (; j < n; j++) s += dst[di + j] = (float) Math.exp(a[ai + j] - mx);
      scale(n, 1f / s, dst, di, dst, di);
    }
  }

  @Override
  public void logSoftmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    float[] tail = TAIL.get();
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda, di = dstOff + i * ldd;
      float shift = logSumExp(n, a, ai, tail);
      int j = 0;
      for (int upper = F.loopBound(n); j < upper; j += L) FloatVector.fromArray(F, a, ai + j).sub(shift).intoArray(dst, di + j);
      for (; j < n; j++) dst[di + j] = a[ai + j] - shift;
    }
  }
}
