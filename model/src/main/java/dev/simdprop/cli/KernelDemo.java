package dev.simdprop.cli;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A first look at the machine: the matrix products of fast.ai's lesson (01_matmul's 5x784 · 784x10
 * and the full 50000x784 · 784x10, and the MLP's 64x784 · 784x50 layer), each by the naive triple
 * loop the notebook starts from and by simdprop's sgemm, checked against each other and timed.
 * Timings here are a demonstration inside one process; measurements live in the JMH suites (bench/).
 */
final class KernelDemo {
  private KernelDemo() {}

  record Shape(String what, int m, int k, int n) {}

  static int run(boolean quick, PrintWriter out) {
    out.printf("simdprop kernel demo — JDK %s (%s), %d cores%n", Runtime.version(), System.getProperty("java.vendor"),
        Runtime.getRuntime().availableProcessors());
    out.println("kernels: " + Kernels.implementation()
        + (Kernels.isVectorized() ? "" : "\n  fallback because " + Kernels.fallbackReason()));
    out.println();
    Shape[] shapes = {
        new Shape("01_matmul m1 @ weights", 5, 784, 10),
        new Shape("MLP layer, batch 64", 64, 784, 50),
        new Shape("01_matmul full x_train @ weights", quick ? 5000 : 50_000, 784, 10)};
    out.printf(Locale.ROOT, "%-34s %-16s %12s %12s %12s %9s %10s%n",
        "product", "m x k · k x n", "naive ms", "first ms", "simdprop ms", "speed-up", "max |diff|");
    for (Shape s : shapes) demo(s, out);
    out.println();
    out.println("naive: 01_matmul's i-j-k triple loop; simdprop: Gemm.sgemm. Both: median of calls after half a second of");
    out.println("warm-up. first: simdprop's first call at that shape (on the first row, JIT compilation included).");
    out.println("max |diff|: the largest difference between the naive and simdprop results.");
    out.println("These are demo timings from one process; for measurements run the JMH suites (see README).");
    return 0;
  }

  private static void demo(Shape s, PrintWriter out) {
    Random rnd = new Random(42);
    float[] a = new float[s.m * s.k], b = new float[s.k * s.n];
    for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat(); // pixels in [0, 1)
    for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian(); // randn weights
    float[] naive = new float[s.m * s.n], fast = new float[s.m * s.n];
    Runnable naiveCall = () -> naiveIjk(s.m, s.k, s.n, a, b, naive);
    Runnable fastCall = () -> Gemm.mult(s.m, s.n, s.k, a, b, fast);

    double firstMs = timeMs(fastCall);
    double naiveMs = warmMedianMs(naiveCall), fastMs = warmMedianMs(fastCall);
    double maxDiff = 0;
    for (int i = 0; i < naive.length; i++) maxDiff = Math.max(maxDiff, Math.abs(naive[i] - fast[i]));
    out.printf(Locale.ROOT, "%-34s %-16s %12.3f %12.3f %12.3f %8.0fx %10.1e%n", s.what,
        s.m + "x" + s.k + "·" + s.k + "x" + s.n, naiveMs, firstMs, fastMs, naiveMs / fastMs, maxDiff);
  }

  private static double timeMs(Runnable call) {
    long t0 = System.nanoTime();
    call.run();
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Calls for about half a second so the JIT compiles the code, then the median of at least 5 calls (or half a second). */
  private static double warmMedianMs(Runnable call) {
    for (long end = System.nanoTime() + 500_000_000L; System.nanoTime() < end; ) call.run();
    double[] ms = new double[1000];
    int count = 0;
    for (long end = System.nanoTime() + 500_000_000L; count < ms.length && (count < 5 || System.nanoTime() < end); ) {
      ms[count++] = timeMs(call);
    }
    Arrays.sort(ms, 0, count);
    return ms[count / 2];
  }

  /** 01_matmul's first version: for each i, j, a dot product over k. */
  static void naiveIjk(int m, int k, int n, float[] a, float[] b, float[] c) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
        c[i * n + j] = s;
      }
    }
  }
}
