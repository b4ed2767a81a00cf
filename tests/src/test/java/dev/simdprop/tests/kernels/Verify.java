package dev.simdprop.tests.kernels;

import static org.junit.jupiter.api.Assertions.fail;

/** Element checks shared by the conformance suites. */
final class Verify {
  private Verify() {}

  /**
   * got is within tolerance of want. Equal values (infinities included) always pass, NaN matches
   * only NaN, and a tolerance of 0 demands the same value with the same sign of zero.
   */
  static void close(String what, double got, double want, double tolerance) {
    boolean ok = tolerance == 0
        ? Double.compare(got, want) == 0
        : got == want || (Double.isNaN(want) ? Double.isNaN(got) : Math.abs(got - want) <= tolerance);
    if (!ok) fail(what + ": got " + got + ", expected " + want + (tolerance == 0 ? " exactly" : " ± " + tolerance));
  }

  /** The window of c in out is within factor·tolerance of expected (dense m x n); nothing outside the window changed. */
  static void window(String what, double[] out, double[] before, Operand c, double[] expected, double[] tolerance, double factor) {
    int m = c.rows, n = c.cols;
    boolean[] inWindow = new boolean[out.length];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int idx = c.off + i * c.ld + j;
        inWindow[idx] = true;
        close(what + " [" + i + "][" + j + "]", out[idx], expected[i * n + j], factor * tolerance[i * n + j]);
      }
    }
    unchangedOutside(what, out, before, inWindow);
  }

  static void unchangedOutside(String what, double[] out, double[] before, boolean[] inWindow) {
    for (int idx = 0; idx < out.length; idx++) {
      if (!inWindow[idx] && Double.compare((float) out[idx], (float) before[idx]) != 0) {
        fail(what + ": wrote outside its window at index " + idx);
      }
    }
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) d[i] = x[i];
    return d;
  }
}
