package dev.simdprop.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DefaultRealMatrixChangingVisitor;
import org.apache.commons.math3.linear.DefaultRealMatrixPreservingVisitor;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.util.FastMath;
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
 * The operations of {@link ElementwiseBenchmark} that Apache Commons Math 3.6.1 has, written as its
 * users write them (double precision, its matrix and vector types): RealMatrix.add of a
 * broadcast bias matrix, sums and ReLU through walkInOptimizedOrder visitors, log-sum-exp with
 * FastMath.exp, argmax with RealVector.getMaxIndex, axpy with RealVector.combineToSelf. Same
 * shapes as there; bytes count 8 per double.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class CommonsMathElementwiseBenchmark {
  @Param({"biasAdd", "columnSums", "rowSums", "logSumExp", "argmax", "relu", "axpy"})
  String op;

  @Param({"mlp", "1M"})
  String size;

  int rows, cols;
  Array2DRowRealMatrix a, bias, work;
  ArrayRealVector x, y;
  double[] sums;
  int[] index;

  @Setup(Level.Trial)
  public void setUp() {
    int[] s = ElementwiseBenchmark.shape(op, size);
    rows = s[0];
    cols = s[1];
    Random rnd = new Random(5);
    double[][] d = new double[rows][cols], bd = new double[rows][cols];
    double[] row = new double[cols];
    for (int j = 0; j < cols; j++) row[j] = rnd.nextDouble() - 0.5;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) d[i][j] = 4 * rnd.nextDouble() - 2;
      bd[i] = row.clone();
    }
    a = new Array2DRowRealMatrix(d, false);
    bias = new Array2DRowRealMatrix(bd, false);
    work = (Array2DRowRealMatrix) a.copy();
    double[] flat = new double[rows * cols];
    for (int i = 0; i < rows; i++) System.arraycopy(d[i], 0, flat, i * cols, cols);
    x = new ArrayRealVector(flat, false);
    y = new ArrayRealVector(rows * cols);
    sums = new double[Math.max(rows, cols)];
    index = new int[rows];
    check();
  }

  /** No benchmark measures a wrong answer: each operation is checked once against plain loops over the same doubles. */
  private void check() {
    double[][] d = a.getDataRef();
    switch (op) {
      case "biasAdd" -> {
        RealMatrix r = (RealMatrix) commonsMath();
        same(r.getEntry(rows - 1, cols - 1), d[rows - 1][cols - 1] + bias.getEntry(0, cols - 1));
      }
      case "columnSums", "rowSums" -> {
        commonsMath();
        double want = 0;
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) want += (op.equals("rowSums") ? i == 0 : j == 0) ? d[i][j] : 0;
        same(sums[0], want);
      }
      case "logSumExp" -> {
        commonsMath();
        double max = Double.NEGATIVE_INFINITY, s = 0;
        for (double v : d[0]) max = Math.max(max, v);
        for (double v : d[0]) s += Math.exp(v - max);
        same(sums[0], max + Math.log(s));
      }
      case "argmax" -> {
        commonsMath();
        int best = 0;
        for (int j = 1; j < cols; j++) if (d[0][j] > d[0][best]) best = j;
        same(index[0], best);
      }
      case "relu" -> {
        commonsMath();
        for (int j = 0; j < cols; j++) same(work.getEntry(0, j), Math.max(d[0][j], 0));
      }
      case "axpy" -> {
        int last = rows * cols - 1;
        double before = y.getEntry(last);
        commonsMath();
        same(y.getEntry(last), before + 1e-3 * x.getEntry(last));
      }
      default -> throw new IllegalArgumentException(op);
    }
  }

  private void same(double got, double want) {
    if (!(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)))) {
      throw new IllegalStateException(op + " " + size + ": Commons Math gave " + got + ", plain loops " + want);
    }
  }

  @Benchmark
  public Object commonsMath() {
    switch (op) {
      case "biasAdd" -> {
        return a.add(bias);
      }
      case "columnSums" -> {
        java.util.Arrays.fill(sums, 0);
        a.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
          @Override
          public void visit(int i, int j, double v) {
            sums[j] += v;
          }
        });
      }
      case "rowSums" -> {
        java.util.Arrays.fill(sums, 0);
        a.walkInOptimizedOrder(new DefaultRealMatrixPreservingVisitor() {
          @Override
          public void visit(int i, int j, double v) {
            sums[i] += v;
          }
        });
      }
      case "logSumExp" -> {
        double[][] d = a.getDataRef();
        for (int i = 0; i < rows; i++) {
          double max = Double.NEGATIVE_INFINITY, s = 0;
          for (double v : d[i]) max = FastMath.max(max, v);
          for (double v : d[i]) s += FastMath.exp(v - max);
          sums[i] = max + FastMath.log(s);
        }
      }
      case "argmax" -> {
        for (int i = 0; i < rows; i++) index[i] = a.getRowVector(i).getMaxIndex();
        return index;
      }
      case "relu" -> {
        work.walkInOptimizedOrder(new DefaultRealMatrixChangingVisitor() {
          @Override
          public double visit(int i, int j, double v) {
            return FastMath.max(v, 0);
          }
        });
        return work;
      }
      case "axpy" -> {
        return y.combineToSelf(1, 1e-3, x);
      }
      default -> throw new IllegalArgumentException(op);
    }
    return sums;
  }
}
