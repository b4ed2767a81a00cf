package dev.simdprop.tests.kernels;

import dev.simdprop.kernels.impl.KernelSet;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Broadcast-add, reductions and elementwise kernels of every implementation against references
 * computed here in double, on the same inputs, over sweeps of lengths and shapes with tails,
 * random offsets and padded row strides; outputs are checked not to spill outside their window.
 *
 * <p>Tolerances, with ε = 2⁻²³: sums of n terms n·ε·Σ|terms|; single-rounding operations (add,
 * subtract, multiply, scale, relu, max, the broadcast adds) exact; exp 2ε relative; logsumexp and
 * softmax the first-order propagation of those roundings (see {@link #lseTolerance}).
 */
class KernelConformanceTest {
  static final double EPS = Math.ulp(1f);
  /** Vector lengths: every length to 67 (tails of 4-, 8- and 16-lane vectors), then long ones. */
  static final int[] LENGTHS = IntStream.concat(IntStream.rangeClosed(0, 67),
      IntStream.of(128, 255, 256, 257, 1000, 100_003)).toArray();
  static final int[] ROWS = {1, 2, 3, 5, 8, 17, 33, 50, 64, 65};
  static final int[] COLS = IntStream.concat(IntStream.rangeClosed(1, 33),
      IntStream.of(37, 47, 50, 63, 64, 65, 67, 128, 255, 256, 257, 784, 1000)).toArray();

  // ------------------------------------------------------------------ broadcast-add

  @Test
  void addRowVectorAndAddColumnVector() {
    int seed = 0;
    for (int m : ROWS) {
      for (int n : COLS) {
        for (boolean rowVector : new boolean[] {true, false}) {
          for (boolean inPlace : new boolean[] {false, true}) {
            Random rnd = new Random(seed++);
            Operand a = Operand.random(rnd, m, n);
            Operand v = Operand.random(rnd, 1, rowVector ? n : m);
            Operand dst = inPlace ? a : Operand.random(rnd, m, n);
            double[] expected = new double[m * n], exact = new double[m * n];
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) expected[i * n + j] = (float) (a.get(i, j) + v.get(0, rowVector ? j : i));
            }
            for (KernelSet impl : Implementations.ALL) {
              float[] af = a.floats(), vf = v.floats(), df = inPlace ? af : dst.floats();
              if (rowVector) impl.addRowVector(m, n, af, a.off, a.ld, vf, v.off, df, dst.off, dst.ld);
              else impl.addColumnVector(m, n, af, a.off, a.ld, vf, v.off, df, dst.off, dst.ld);
              String what = (rowVector ? "addRowVector" : "addColumnVector") + (inPlace ? " in place" : "")
                  + " " + m + "x" + n + " on " + impl.name();
              Verify.window(what, Verify.toDouble(df), dst.data, dst, expected, exact, 1);
            }
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ reductions over vectors

  @Test
  void sumDotAndSumOfSquares() {
    for (int n : LENGTHS) {
      Random rnd = new Random(n);
      Operand x = Operand.random(rnd, 1, n), y = Operand.random(rnd, 1, n);
      double sum = 0, sumAbs = 0, dot = 0, dotAbs = 0, squares = 0;
      for (int i = 0; i < n; i++) {
        sum += x.get(0, i);
        sumAbs += Math.abs(x.get(0, i));
        dot += x.get(0, i) * y.get(0, i);
        dotAbs += Math.abs(x.get(0, i) * y.get(0, i));
        squares += x.get(0, i) * x.get(0, i);
      }
      for (KernelSet impl : Implementations.ALL) {
        float[] xf = x.floats(), yf = y.floats();
        Verify.close("sum n=" + n + " on " + impl.name(), impl.sum(n, xf, x.off), sum, n * EPS * sumAbs);
        Verify.close("dot n=" + n + " on " + impl.name(), impl.dot(n, xf, x.off, yf, y.off), dot, n * EPS * dotAbs);
        Verify.close("sumOfSquares n=" + n + " on " + impl.name(), impl.sumOfSquares(n, xf, x.off), squares, n * EPS * squares);
      }
    }
  }

  // ------------------------------------------------------------------ reductions over rows and columns

  @Test
  void columnSumsAndRowSums() {
    int seed = 0;
    for (int m : ROWS) {
      for (int n : COLS) {
        Random rnd = new Random(seed++);
        Operand a = Operand.random(rnd, m, n);
        Operand colOut = Operand.random(rnd, 1, n), rowOut = Operand.random(rnd, 1, m);
        double[] colSum = new double[n], colTol = new double[n], rowSum = new double[m], rowTol = new double[m];
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double v = a.get(i, j);
            colSum[j] += v;
            colTol[j] += m * EPS * Math.abs(v);
            rowSum[i] += v;
            rowTol[i] += n * EPS * Math.abs(v);
          }
        }
        float[] scalarColumnSums = null;
        for (KernelSet impl : Implementations.ALL) {
          float[] af = a.floats(), co = colOut.floats(), ro = rowOut.floats();
          impl.columnSums(m, n, af, a.off, a.ld, co, colOut.off);
          impl.rowSums(m, n, af, a.off, a.ld, ro, rowOut.off);
          String shape = " " + m + "x" + n + " on " + impl.name();
          Verify.window("columnSums" + shape, Verify.toDouble(co), colOut.data, colOut, colSum, colTol, 1);
          Verify.window("rowSums" + shape, Verify.toDouble(ro), rowOut.data, rowOut, rowSum, rowTol, 1);
          // columnSums adds in row order in every implementation, so all agree to the bit.
          if (scalarColumnSums == null) scalarColumnSums = co;
          Verify.window("columnSums against the first implementation" + shape, Verify.toDouble(co), colOut.data, colOut,
              colOut.window(Verify.toDouble(scalarColumnSums)), new double[n], 1);
        }
      }
    }
  }

  @Test
  void rowMaxAndRowArgmaxFindTheFirstMaximum() {
    int seed = 0;
    for (int m : ROWS) {
      for (int n : COLS) {
        Random rnd = new Random(seed++);
        Operand a = Operand.random(rnd, m, n);
        // Few distinct values make ties, so "the first maximum" is tested; some rows get NaN or ±Inf.
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) a.set(i, j, rnd.nextInt(5) - 2);
          if (rnd.nextInt(4) == 0) a.set(i, rnd.nextInt(n), special(rnd));
        }
        Operand maxOut = Operand.random(rnd, 1, m);
        double[] max = new double[m], exact = new double[m];
        int[] argmax = new int[m];
        for (int i = 0; i < m; i++) {
          max[i] = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < n; j++) max[i] = Math.max(max[i], a.get(i, j)); // NaN wins, +0 above -0
          argmax[i] = firstIndexOf(a, i, max[i]);
        }
        for (KernelSet impl : Implementations.ALL) {
          float[] af = a.floats(), mo = maxOut.floats();
          int[] am = new int[m + 2];
          impl.rowMax(m, n, af, a.off, a.ld, mo, maxOut.off);
          impl.rowArgmax(m, n, af, a.off, a.ld, am, 1);
          String shape = " " + m + "x" + n + " on " + impl.name();
          Verify.window("rowMax" + shape, Verify.toDouble(mo), maxOut.data, maxOut, max, exact, 1);
          for (int i = 0; i < m; i++) Verify.close("rowArgmax row " + i + shape, am[1 + i], argmax[i], 0);
          Verify.close("rowArgmax wrote before its offset" + shape, am[0], 0, 0);
          Verify.close("rowArgmax wrote past its end" + shape, am[m + 1], 0, 0);
        }
      }
    }
  }

  /** The first column equal to value (-0 equals +0), or the first NaN when value is NaN. */
  private static int firstIndexOf(Operand a, int i, double value) {
    for (int j = 0; ; j++) if (a.get(i, j) == value || (Double.isNaN(value) && Double.isNaN(a.get(i, j)))) return j;
  }

  @Test
  void rowLogSumExpSoftmaxAndLogSoftmax() {
    int seed = 0;
    for (int m : ROWS) {
      for (int n : COLS) {
        for (double spread : new double[] {1, 30, 1e4}) {
          Random rnd = new Random(seed++);
          Operand a = Operand.random(rnd, m, n);
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) a.set(i, j, (float) (a.get(i, j) * spread));
          }
          Operand lseOut = Operand.random(rnd, 1, m), soft = Operand.random(rnd, m, n), logSoft = Operand.random(rnd, m, n);
          double[] lse = new double[m], lseTol = new double[m];
          double[] sm = new double[m * n], smTol = new double[m * n], lsm = new double[m * n], lsmTol = new double[m * n];
          for (int i = 0; i < m; i++) {
            double[] row = new double[n];
            for (int j = 0; j < n; j++) row[j] = a.get(i, j);
            double max = IntStream.range(0, n).mapToDouble(j -> row[j]).max().getAsDouble();
            double s = 0;
            for (double v : row) s += Math.exp(v - max);
            lse[i] = max + Math.log(s);
            lseTol[i] = lseTolerance(row, max, s, lse[i]);
            for (int j = 0; j < n; j++) {
              double w = Math.exp(row[j] - max) / s;
              sm[i * n + j] = w;
              // relative error of exp(x - max) and of the sum, both carried into the quotient
              smTol[i * n + j] = EPS * w * (Math.abs(row[j] - max) + 2) + lseTol[i] * w + Float.MIN_NORMAL;
              lsm[i * n + j] = row[j] - lse[i];
              lsmTol[i * n + j] = lseTol[i] + EPS * Math.abs(lsm[i * n + j]);
            }
          }
          for (KernelSet impl : Implementations.ALL) {
            float[] af = a.floats(), lo = lseOut.floats(), so = soft.floats(), lso = logSoft.floats();
            impl.rowLogSumExp(m, n, af, a.off, a.ld, lo, lseOut.off);
            impl.softmaxRows(m, n, af, a.off, a.ld, so, soft.off, soft.ld);
            impl.logSoftmaxRows(m, n, af, a.off, a.ld, lso, logSoft.off, logSoft.ld);
            String shape = " " + m + "x" + n + " spread " + spread + " on " + impl.name();
            Verify.window("rowLogSumExp" + shape, Verify.toDouble(lo), lseOut.data, lseOut, lse, lseTol, 1);
            Verify.window("softmaxRows" + shape, Verify.toDouble(so), soft.data, soft, sm, smTol, 1);
            Verify.window("logSoftmaxRows" + shape, Verify.toDouble(lso), logSoft.data, logSoft, lsm, lsmTol, 1);
          }
        }
      }
    }
  }

  /**
   * Error bound of max + log(Σ exp(x - max)) in float: each x - max is rounded (ε|x - max|/2,
   * reaching the result with weight softmax(x)), each exp and each of the n additions adds ε
   * relative to the sum, the log and the final addition ε|result|.
   */
  static double lseTolerance(double[] row, double max, double s, double lse) {
    double shifted = 0;
    for (double v : row) shifted += Math.exp(v - max) / s * Math.abs(v - max);
    return EPS * (row.length + 4 + shifted + 2 * Math.abs(lse)) + Float.MIN_NORMAL;
  }

  // ------------------------------------------------------------------ elementwise

  @Test
  void exactElementwiseOperations() {
    for (int n : LENGTHS) {
      Random rnd = new Random(n);
      Operand x = Operand.random(rnd, 1, n), y = Operand.random(rnd, 1, n);
      for (int i = 0; i < n; i++) {
        if (rnd.nextInt(16) == 0) x.set(0, i, special(rnd));
        if (rnd.nextInt(16) == 0) y.set(0, i, special(rnd));
      }
      float alpha = -1.75f;
      elementwise("relu", x, y, rnd, xv -> (float) Math.max(xv, 0.0), (impl, xs, ys, out, o) -> impl.relu(n, xs, x.off, out, o));
      elementwise("scale", x, y, rnd, xv -> (float) (alpha * xv), (impl, xs, ys, out, o) -> impl.scale(n, alpha, xs, x.off, out, o));
      binary("add", x, y, rnd, (a, b) -> (float) (a + b), (impl, xs, ys, out, o) -> impl.add(n, xs, x.off, ys, y.off, out, o));
      binary("subtract", x, y, rnd, (a, b) -> (float) (a - b), (impl, xs, ys, out, o) -> impl.subtract(n, xs, x.off, ys, y.off, out, o));
      binary("multiply", x, y, rnd, (a, b) -> (float) (a * b), (impl, xs, ys, out, o) -> impl.multiply(n, xs, x.off, ys, y.off, out, o));
      binary("reluBackward", x, y, rnd, (a, g) -> a > 0 ? g : 0.0,
          (impl, xs, ys, out, o) -> impl.reluBackward(n, xs, x.off, ys, y.off, out, o));
    }
  }

  @Test
  void axpyAndExp() {
    for (int n : LENGTHS) {
      Random rnd = new Random(n);
      Operand x = Operand.random(rnd, 1, n), y = Operand.random(rnd, 1, n), e = Operand.random(rnd, 1, n);
      for (int i = 0; i < n; i++) e.set(0, i, (float) (x.get(0, i) * 40)); // exp over [-40, 40)
      float alpha = -0.3f;
      double[] axpy = new double[n], axpyTol = new double[n], exp = new double[n], expTol = new double[n];
      for (int i = 0; i < n; i++) {
        double ax = alpha * x.get(0, i);
        axpy[i] = y.get(0, i) + ax;
        axpyTol[i] = EPS * (Math.abs(ax) + Math.abs(axpy[i])); // one rounding of alpha·x (none with fma), one of the sum
        exp[i] = Math.exp(e.get(0, i));
        expTol[i] = 2 * EPS * exp[i];
      }
      for (KernelSet impl : Implementations.ALL) {
        float[] xf = x.floats(), yf = y.floats(), ef = e.floats();
        Operand expOut = Operand.random(rnd, 1, n);
        float[] eo = expOut.floats();
        impl.axpy(n, alpha, xf, x.off, yf, y.off);
        impl.exp(n, ef, e.off, eo, expOut.off);
        Verify.window("axpy n=" + n + " on " + impl.name(), Verify.toDouble(yf), y.data, y, axpy, axpyTol, 1);
        Verify.window("exp n=" + n + " on " + impl.name(), Verify.toDouble(eo), expOut.data, expOut, exp, expTol, 1);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  interface Call {
    void run(KernelSet impl, float[] x, float[] y, float[] out, int outOff);
  }

  interface Binary {
    double apply(double a, double b);
  }

  private static void elementwise(String name, Operand x, Operand y, Random rnd, DoubleUnaryOperator ref, Call call) {
    binary(name, x, y, rnd, (a, b) -> ref.applyAsDouble(a), call);
  }

  /** Runs call out of place and in place (into x) and compares with ref exactly. */
  private static void binary(String name, Operand x, Operand y, Random rnd, Binary ref, Call call) {
    int n = x.cols;
    double[] expected = new double[n], exact = new double[n];
    for (int i = 0; i < n; i++) expected[i] = ref.apply(x.get(0, i), y.get(0, i));
    Operand out = Operand.random(rnd, 1, n);
    for (KernelSet impl : Implementations.ALL) {
      float[] xf = x.floats(), yf = y.floats(), of = out.floats();
      call.run(impl, xf, yf, of, out.off);
      Verify.window(name + " n=" + n + " on " + impl.name(), Verify.toDouble(of), out.data, out, expected, exact, 1);
      call.run(impl, xf, yf, xf, x.off);
      Verify.window(name + " in place n=" + n + " on " + impl.name(), Verify.toDouble(xf), x.data, x, expected, exact, 1);
    }
  }

  /** NaN, ±Inf, ±0 or a subnormal. */
  static double special(Random rnd) {
    double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Float.MIN_VALUE};
    return values[rnd.nextInt(values.length)];
  }
}
