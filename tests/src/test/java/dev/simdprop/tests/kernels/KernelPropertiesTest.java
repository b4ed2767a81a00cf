package dev.simdprop.tests.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simdprop.kernels.impl.KernelSet;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties over random shapes and values, on every implementation: GEMM against the reference,
 * IEEE propagation of NaN and ±Inf where IEEE arithmetic says so, and the softmax family on
 * large-magnitude inputs.
 */
class KernelPropertiesTest {
  static final double EPS = Math.ulp(1f);

  @Property(tries = 300)
  void gemmMatchesTheReferenceForAnyShape(@ForAll @IntRange(min = 1, max = 40) int m, @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 300) int k, @ForAll boolean transA, @ForAll boolean transB,
      @ForAll @FloatRange(min = -3, max = 3) float alpha, @ForAll @FloatRange(min = -3, max = 3) float beta,
      @ForAll boolean single, @ForAll long seed) {
    GemmConformanceTest.check(single, transA, transB, m, n, k, alpha, beta, seed);
  }

  /** A NaN in row i of op(A) makes row i of C NaN; an Inf meeting a zero makes NaN; an Inf meeting positives stays Inf. */
  @Property(tries = 200)
  void gemmPropagatesNaNAndInfinity(@ForAll @IntRange(min = 1, max = 30) int m, @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 40) int k, @ForAll boolean transA, @ForAll boolean transB, @ForAll long seed) {
    Random rnd = new Random(seed);
    int i = rnd.nextInt(m), p = rnd.nextInt(k), j = rnd.nextInt(n);
    // op(A) and op(B) with positive entries; row i of op(A) gets +Inf at p, column j of op(B) a zero at p.
    float[] a = positive(rnd, m * k), b = positive(rnd, k * n);
    a[transA ? p * m + i : i * k + p] = Float.POSITIVE_INFINITY;
    b[transB ? j * k + p : p * n + j] = 0f;
    int iNaN = (i + 1) % m;
    if (m > 1) a[transA ? rnd.nextInt(k) * m + iNaN : iNaN * k + rnd.nextInt(k)] = Float.NaN;
    for (KernelSet impl : Implementations.ALL) {
      float[] c = new float[m * n];
      Arrays.fill(c, Float.NaN); // beta = 0: must not leak
      impl.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
      for (int jj = 0; jj < n; jj++) {
        // Inf·0 = NaN in column j; Inf·positive = Inf elsewhere on row i.
        Verify.close("C[" + i + "][" + jj + "] on " + impl.name(), c[i * n + jj], jj == j ? Float.NaN : Float.POSITIVE_INFINITY, 0);
        if (m > 1) assertThat(c[iNaN * n + jj]).as("NaN row %d on %s", iNaN, impl.name()).isNaN();
      }
      for (int ii = 0; ii < m; ii++) {
        if (ii != i && ii != iNaN) for (int jj = 0; jj < n; jj++) assertThat(c[ii * n + jj]).isFinite().isGreaterThanOrEqualTo(0f);
      }
    }
  }

  private static float[] positive(Random rnd, int size) {
    float[] x = new float[size];
    for (int t = 0; t < size; t++) x[t] = 0.5f + rnd.nextFloat();
    return x;
  }

  @Property(tries = 200)
  void sumsFollowIeeeForSpecialValues(@ForAll @IntRange(min = 1, max = 100) int n, @ForAll long seed) {
    Random rnd = new Random(seed);
    float[] x = new float[n];
    for (int t = 0; t < n; t++) x[t] = rnd.nextFloat() * 2 - 1;
    float[] withInf = x.clone(), withBoth = x.clone(), withNaN = x.clone();
    withInf[rnd.nextInt(n)] = Float.POSITIVE_INFINITY;
    withNaN[rnd.nextInt(n)] = Float.NaN;
    withBoth[0] = Float.POSITIVE_INFINITY;
    if (n > 1) withBoth[n - 1] = Float.NEGATIVE_INFINITY;
    for (KernelSet impl : Implementations.ALL) {
      assertThat(impl.sum(n, withInf, 0)).as("sum with +Inf on %s", impl.name()).isEqualTo(Float.POSITIVE_INFINITY);
      assertThat(impl.sum(n, withNaN, 0)).as("sum with NaN on %s", impl.name()).isNaN();
      assertThat(impl.dot(n, withNaN, 0, x, 0)).as("dot with NaN on %s", impl.name()).isNaN();
      assertThat(impl.sumOfSquares(n, withInf, 0)).as("sumOfSquares with Inf on %s", impl.name()).isEqualTo(Float.POSITIVE_INFINITY);
      if (n > 1) assertThat(impl.sum(n, withBoth, 0)).as("sum of +Inf and -Inf on %s", impl.name()).isNaN();
      float[] out = new float[n];
      impl.relu(n, withNaN, 0, out, 0);
      for (int t = 0; t < n; t++) assertThat(Float.isNaN(out[t])).isEqualTo(Float.isNaN(withNaN[t]));
    }
  }

  @Property(tries = 100)
  void expOverflowsUnderflowsAndPropagates(@ForAll @IntRange(min = 1, max = 70) int n) {
    float[] special = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 100f, -200f, 0f, -0f};
    float[] want = {Float.POSITIVE_INFINITY, 0f, Float.NaN, Float.POSITIVE_INFINITY, 0f, 1f, 1f};
    float[] x = new float[n];
    for (int t = 0; t < n; t++) x[t] = special[t % special.length];
    for (KernelSet impl : Implementations.ALL) {
      float[] y = new float[n];
      impl.exp(n, x, 0, y, 0);
      for (int t = 0; t < n; t++) Verify.close("exp(" + x[t] + ") on " + impl.name(), y[t], want[t % want.length], 0);
    }
  }

  /** Rows with entries up to ±1e4 (exp would overflow without the max shift): finite, bounded, normalised. */
  @Property(tries = 200)
  void softmaxFamilyIsStableForLargeInputs(@ForAll @IntRange(min = 1, max = 8) int m, @ForAll @IntRange(min = 1, max = 80) int n,
      @ForAll @FloatRange(min = 1, max = 1e4f) float magnitude, @ForAll long seed) {
    Random rnd = new Random(seed);
    float[] a = new float[m * n];
    for (int t = 0; t < a.length; t++) a[t] = (rnd.nextFloat() * 2 - 1) * magnitude;
    for (KernelSet impl : Implementations.ALL) {
      float[] lse = new float[m], max = new float[m], soft = new float[m * n], logSoft = new float[m * n];
      impl.rowLogSumExp(m, n, a, 0, n, lse, 0);
      impl.rowMax(m, n, a, 0, n, max, 0);
      impl.softmaxRows(m, n, a, 0, n, soft, 0, n);
      impl.logSoftmaxRows(m, n, a, 0, n, logSoft, 0, n);
      for (int i = 0; i < m; i++) {
        // max <= logsumexp <= max + log(n), up to the rounding of the result
        float slack = (float) (4 * EPS * Math.abs(lse[i]) + (n + 4) * EPS);
        assertThat(lse[i]).as("lse row %d on %s", i, impl.name()).isFinite()
            .isBetween(max[i] - slack, (float) (max[i] + Math.log(n)) + slack);
        double sum = 0, sumExpLog = 0;
        for (int j = 0; j < n; j++) {
          assertThat(soft[i * n + j]).isBetween(0f, 1f);
          assertThat(logSoft[i * n + j]).isLessThanOrEqualTo((float) ((n + 4) * EPS + 4 * EPS * Math.abs(lse[i])));
          sum += soft[i * n + j];
          sumExpLog += Math.exp(logSoft[i * n + j]);
        }
        assertThat(sum).as("softmax row sum on %s", impl.name()).isCloseTo(1.0, org.assertj.core.data.Offset.offset((n + 2) * EPS));
        assertThat(sumExpLog).as("exp(log-softmax) row sum on %s", impl.name())
            .isCloseTo(1.0, org.assertj.core.data.Offset.offset((n + 4) * EPS * (1 + 2 * Math.abs(lse[i]))));
      }
    }
  }

  /** +Inf in a row gives lse +Inf, a row of -Inf gives -Inf, NaN gives NaN, as IEEE and torch.logsumexp. */
  @Property(tries = 100)
  void logSumExpOfInfiniteAndNaNRows(@ForAll @IntRange(min = 1, max = 40) int n, @ForAll long seed) {
    Random rnd = new Random(seed);
    float[] a = new float[3 * n];
    for (int t = 0; t < a.length; t++) a[t] = rnd.nextFloat();
    a[rnd.nextInt(n)] = Float.POSITIVE_INFINITY;
    Arrays.fill(a, n, 2 * n, Float.NEGATIVE_INFINITY);
    a[2 * n + rnd.nextInt(n)] = Float.NaN;
    for (KernelSet impl : Implementations.ALL) {
      float[] lse = new float[3];
      impl.rowLogSumExp(3, n, a, 0, n, lse, 0);
      Verify.close("lse of a row with +Inf on " + impl.name(), lse[0], Float.POSITIVE_INFINITY, 0);
      Verify.close("lse of a row of -Inf on " + impl.name(), lse[1], Float.NEGATIVE_INFINITY, 0);
      Verify.close("lse of a row with NaN on " + impl.name(), lse[2], Float.NaN, 0);
    }
  }
}
