package dev.simdprop.bench;

import dev.simdprop.kernels.Broadcast;
import dev.simdprop.kernels.Elementwise;
import dev.simdprop.kernels.Reductions;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Backprop's other kernels, simdprop against the plain loop a user would write, at the size the
 * lesson's MLP gives them ("mlp", see {@link #shape}) and at 1M elements (1000×1000). Memory-bound
 * kernels are judged by GB/s: the report sets them against the STREAM figures. Where C2
 * auto-vectorizes the naive loop (relu, axpy, the bias add) the plain loop is already SIMD.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ElementwiseBenchmark {
  @Param({"biasAdd", "columnSums", "rowSums", "logSumExp", "softmax", "argmax", "relu", "reluBackward", "axpy"})
  String op;

  @Param({"mlp", "1M"})
  String size;

  int rows, cols;
  float[] a, g, out, vec;
  int[] index;

  /**
   * (rows, cols) of an operation at a size. At "mlp": the bias add, relu and its backward on the
   * hidden layer (50×50), the sums as the bias gradients (50×50), log-sum-exp, softmax and argmax
   * on the logits (50×10), axpy as the SGD update of the first weight (1×39200).
   */
  static int[] shape(String op, String size) {
    if (size.equals("1M")) return new int[] {1000, 1000};
    return switch (op) {
      case "logSumExp", "softmax", "argmax" -> new int[] {50, 10};
      case "axpy" -> new int[] {1, 784 * 50};
      default -> new int[] {50, 50};
    };
  }

  /** Bytes an operation must move at least: each operand read once, each result written once (4 per float or int). */
  static double bytes(String op, String size) {
    int[] s = shape(op, size);
    double mn = (double) s[0] * s[1];
    return 4 * switch (op) {
      case "biasAdd" -> 2 * mn + s[1];
      case "columnSums" -> mn + s[1];
      case "rowSums", "logSumExp", "argmax" -> mn + s[0];
      case "softmax", "relu" -> 2 * mn;
      case "reluBackward", "axpy" -> 3 * mn;
      default -> throw new IllegalArgumentException(op);
    };
  }

  @Setup(Level.Trial)
  public void setUp() {
    int[] s = shape(op, size);
    rows = s[0];
    cols = s[1];
    Random rnd = new Random(5);
    a = new float[rows * cols];
    g = new float[rows * cols];
    out = new float[rows * cols];
    vec = new float[Math.max(rows, cols)];
    index = new int[rows];
    for (int i = 0; i < a.length; i++) {
      a[i] = 4 * rnd.nextFloat() - 2;
      g[i] = rnd.nextFloat() - 0.5f;
    }
    for (int i = 0; i < vec.length; i++) vec[i] = rnd.nextFloat() - 0.5f;
    // No benchmark measures a wrong answer: simdprop and the plain loop agree before either is timed.
    float[] before = g.clone(); // axpy updates g in place: both start from the same g
    float[] fast = result(simdprop());
    System.arraycopy(before, 0, g, 0, g.length);
    float[] slow = result(naive());
    double tolerance = op.endsWith("Sums") ? 1e-5 * rows * cols : 1e-5;
    for (int i = 0; i < fast.length; i++) {
      if (!(Math.abs(fast[i] - slow[i]) <= tolerance * Math.max(1, Math.abs(slow[i])))) {
        throw new IllegalStateException(op + " " + size + ": simdprop " + fast[i] + " but the loop " + slow[i] + " at " + i);
      }
    }
  }

  private float[] result(Object r) {
    if (r instanceof int[] idx) {
      float[] f = new float[idx.length];
      for (int i = 0; i < idx.length; i++) f[i] = idx[i];
      return f;
    }
    return ((float[]) r).clone();
  }

  @Benchmark
  public Object simdprop() {
    int n = rows * cols;
    switch (op) {
      case "biasAdd" -> Broadcast.addRowVector(rows, cols, a, 0, cols, vec, 0, out, 0, cols);
      case "columnSums" -> Reductions.columnSums(rows, cols, a, 0, cols, out, 0);
      case "rowSums" -> Reductions.rowSums(rows, cols, a, 0, cols, out, 0);
      case "logSumExp" -> Reductions.rowLogSumExp(rows, cols, a, 0, cols, out, 0);
      case "softmax" -> Elementwise.softmaxRows(rows, cols, a, 0, cols, out, 0, cols);
      case "argmax" -> {
        Reductions.rowArgmax(rows, cols, a, 0, cols, index, 0);
        return index;
      }
      case "relu" -> Elementwise.relu(n, a, 0, out, 0);
      case "reluBackward" -> Elementwise.reluBackward(n, a, 0, g, 0, out, 0);
      case "axpy" -> {
        Elementwise.axpy(n, 1e-3f, a, 0, g, 0);
        return g;
      }
      default -> throw new IllegalArgumentException(op);
    }
    return out;
  }

  @Benchmark
  public Object naive() {
    int n = rows * cols;
    switch (op) {
      case "biasAdd" -> {
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[i * cols + j] = a[i * cols + j] + vec[j];
      }
      case "columnSums" -> {
        java.util.Arrays.fill(out, 0, cols, 0f);
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) out[j] += a[i * cols + j];
      }
      case "rowSums" -> {
        for (int i = 0; i < rows; i++) {
          float s = 0;
          for (int j = 0; j < cols; j++) s += a[i * cols + j];
          out[i] = s;
        }
      }
      case "logSumExp" -> {
        for (int i = 0; i < rows; i++) {
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < cols; j++) max = Math.max(max, a[i * cols + j]);
          float s = 0;
          for (int j = 0; j < cols; j++) s += (float) Math.exp(a[i * cols + j] - max);
          out[i] = max + (float) Math.log(s);
        }
      }
      case "softmax" -> {
        for (int i = 0; i < rows; i++) {
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < cols; j++) max = Math.max(max, a[i * cols + j]);
          float s = 0;
          for (int j = 0; j < cols; j++) s += out[i * cols + j] = (float) Math.exp(a[i * cols + j] - max);
          for (int j = 0; j < cols; j++) out[i * cols + j] /= s;
        }
      }
      case "argmax" -> {
        for (int i = 0; i < rows; i++) {
          int best = 0;
          for (int j = 1; j < cols; j++) if (a[i * cols + j] > a[i * cols + best]) best = j;
          index[i] = best;
        }
        return index;
      }
      case "relu" -> {
        for (int i = 0; i < n; i++) out[i] = Math.max(a[i], 0f);
      }
      case "reluBackward" -> {
        for (int i = 0; i < n; i++) out[i] = a[i] > 0 ? g[i] : 0f;
      }
      case "axpy" -> {
        for (int i = 0; i < n; i++) g[i] += 1e-3f * a[i];
        return g;
      }
      default -> throw new IllegalArgumentException(op);
    }
    return out;
  }
}
