package dev.simdprop.bench;

import dev.simdprop.kernels.Gemm;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * simdprop's sgemm against OpenBLAS 0.3.31 (bytedeco, off-heap buffers, cblas_sgemm row-major) on
 * one thread each, on square sizes and the MLP's shapes. A shape is "m x n x k" and its transposes:
 * NN is C = A·B, NT is A·Bᵀ (the forward x·Wᵀ), TN is Aᵀ·B (the weight gradient doutᵀ·x).
 * GFLOP/s = 2mnk / time. The OpenBLAS core in use is printed at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class SgemmVsOpenBlasBenchmark {
  @Param({"64x50x784:NT", "50x784x64:TN", "64x784x50:NN", "64x10x50:NT", "10x50x64:TN", "64x50x10:NN",
      "50000x50x784:NT", "50x784x50000:TN", "256x256x256:NN", "512x512x512:NN", "1024x1024x1024:NN"})
  String shape;

  int m, n, k, lda, ldb;
  boolean transA, transB;
  float[] a, b, c;
  FloatPointer pa, pb, pc;

  @Setup(Level.Trial)
  public void setUp() {
    String[] dims = shape.split("[x:]");
    m = Integer.parseInt(dims[0]);
    n = Integer.parseInt(dims[1]);
    k = Integer.parseInt(dims[2]);
    transA = dims[3].charAt(0) == 'T';
    transB = dims[3].charAt(1) == 'T';
    lda = transA ? m : k;
    ldb = transB ? k : n;
    Random rnd = new Random(1);
    a = new float[m * k];
    b = new float[k * n];
    c = new float[m * n];
    for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - 0.5f;
    for (int i = 0; i < b.length; i++) b[i] = rnd.nextFloat() - 0.5f;
    Loader.load(openblas_full.class);
    pa = new FloatPointer(a);
    pb = new FloatPointer(b);
    pc = new FloatPointer(c.length);
    Gemm.setThreads(1);
    openblas_full.openblas_set_num_threads(1);
    System.out.println("OpenBLAS core: " + openblas_full.openblas_get_corename().getString() + ", threads "
        + openblas_full.openblas_get_num_threads() + "; simdprop GEMM threads " + Gemm.threads());
    // Both must give the same product before either is timed.
    simdprop();
    openBlas();
    float[] fromBlas = new float[c.length];
    pc.get(fromBlas);
    for (int i = 0; i < c.length; i++) {
      if (!(Math.abs(c[i] - fromBlas[i]) <= 1e-4f * k)) {
        throw new IllegalStateException(shape + ": simdprop and OpenBLAS differ at " + i + ": " + c[i] + " vs " + fromBlas[i]);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pa.close();
    pb.close();
    pc.close();
  }

  @Benchmark
  public float[] simdprop() {
    Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    return c;
  }

  @Benchmark
  public FloatPointer openBlas() {
    openblas.cblas_sgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
    return pc;
  }
}
