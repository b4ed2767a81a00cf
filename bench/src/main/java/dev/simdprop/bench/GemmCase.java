package dev.simdprop.bench;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import dev.simdprop.kernels.impl.CacheLines;
import dev.simdprop.kernels.impl.Provider;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * One GEMM case, C = op(A)·op(B) with C m×n over k, row-major, and every implementation the GEMM
 * suites time on it. The shape reads "m x n x k:OP", OP one of NN, NT, TN, TT (T: that operand
 * transposed, as BLAS's transa/transb). Operands are uniform in [-0.5, 0.5), seeded.
 */
final class GemmCase {
  final int m, n, k, lda, ldb;
  final boolean transA, transB;
  final float[] a, b, c;
  final double[] ad, bd, cd;
  private FMatrixRMaj ea, eb, ec;
  private RealMatrix rowA, rowB, blockA, blockB;
  private FloatPointer pa, pb, pc;
  private DoublePointer pad, pbd, pcd;
  /**
   * a and b again, each starting on a 64-byte cache line as the model lays out its weights and
   * batches, placed on first use by {@link #simdpropOnLines}: with 512-bit vectors a load from a
   * row that does not start on a line touches two, and rows of a multiple of 16 floats all start
   * where the first does. a and b themselves are wherever the heap put them (8 places out of 64 bytes).
   */
  private float[] aLines, bLines;
  private int aLine, bLine;
  /** netlib's pure-Java BLAS, made on first use: see {@link #netlib()}. */
  private JavaBLAS netlib;

  GemmCase(String shape) {
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
    ad = toDouble(a);
    bd = toDouble(b);
    cd = new double[m * n];
  }

  /** Bytes of the larger operand, A or B: what a matrix-vector product must read at least. */
  static double matrixBytes(String shape) {
    long[] mnk = mnk(shape);
    return 4.0 * Math.max(mnk[0] * mnk[2], mnk[2] * mnk[1]);
  }

  static double flops(String shape) {
    long[] mnk = mnk(shape);
    return 2.0 * mnk[0] * mnk[1] * mnk[2];
  }

  /** m, n and k of a shape "m x n x k:op". */
  private static long[] mnk(String shape) {
    String[] dims = shape.split("[x:]");
    return new long[] {Long.parseLong(dims[0]), Long.parseLong(dims[1]), Long.parseLong(dims[2])};
  }

  // ------------------------------------------------------------------ implementations

  float[] simdprop() {
    Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    return c;
  }

  /** {@link #simdprop} on the same operands placed to start on cache lines (where addresses can be known; else as allocated). */
  float[] simdpropOnLines() {
    if (aLines == null) placeOnLines();
    Gemm.sgemm(transA, transB, m, n, k, 1f, aLines, aLine, lda, bLines, bLine, ldb, 0f, c, 0, n);
    return c;
  }

  /**
   * Copies a and b to where they start on a cache line, after a full collection, so that the arrays
   * are in the old generation and young collections no longer move them (the timed loop allocates
   * nothing, so nothing else should).
   */
  private void placeOnLines() {
    float[] al = new float[a.length + 15], bl = new float[b.length + 15];
    System.gc();
    aLine = Kernels.floatsToCacheLine(al);
    bLine = Kernels.floatsToCacheLine(bl);
    System.arraycopy(a, 0, al, aLine, a.length);
    System.arraycopy(b, 0, bl, bLine, b.length);
    aLines = al;
    bLines = bl;
  }

  /** Whether {@link #simdpropOnLines}'s operands start on cache lines now (false before its first call, or without addresses). */
  boolean operandsOnLines() {
    return aLines != null && CacheLines.available()
        && Kernels.floatsToCacheLine(aLines) == aLine && Kernels.floatsToCacheLine(bLines) == bLine;
  }

  double[] simdpropDgemm() {
    Gemm.dgemm(transA, transB, m, n, k, 1.0, ad, 0, lda, bd, 0, ldb, 0.0, cd, 0, n);
    return cd;
  }

  float[] scalarTwin() {
    Provider.scalar().sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
    return c;
  }

  /** The textbook loop, i-j-p: a dot product per element; B is walked down a column (stride n) when not transposed. */
  float[] naiveIjk() {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int p = 0; p < k; p++) s += a(i, p) * b(p, j);
        c[i * n + j] = s;
      }
    }
    return c;
  }

  /** The loop order a careful hand writes, i-p-j: the inner loop runs along rows of B and C (C2 vectorizes it for NN). */
  float[] naiveIkj() {
    java.util.Arrays.fill(c, 0f);
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        float aip = a(i, p);
        for (int j = 0; j < n; j++) c[i * n + j] += aip * b(p, j);
      }
    }
    return c;
  }

  private float a(int i, int p) {
    return transA ? a[p * lda + i] : a[i * lda + p];
  }

  private float b(int p, int j) {
    return transB ? b[j * ldb + p] : b[p * ldb + j];
  }

  /** EJML's FDRM operation for this transpose case (mult, multTransA, multTransB, multTransAB). */
  FMatrixRMaj ejml() {
    if (ea == null) {
      ea = FMatrixRMaj.wrap(transA ? k : m, transA ? m : k, a);
      eb = FMatrixRMaj.wrap(transB ? n : k, transB ? k : n, b);
      ec = new FMatrixRMaj(m, n);
    }
    if (transA && transB) CommonOps_FDRM.multTransAB(ea, eb, ec);
    else if (transA) CommonOps_FDRM.multTransA(ea, eb, ec);
    else if (transB) CommonOps_FDRM.multTransB(ea, eb, ec);
    else CommonOps_FDRM.mult(ea, eb, ec);
    return ec;
  }

  /**
   * netlib's sgemm is column-major (Fortran): row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ.
   * netlib is started here, not with the case, because its start-up also loads its binding to the
   * system's libblas.so.3 (here Debian's OpenBLAS 0.3.21), whose cblas_* symbols then answer the
   * calls meant for bytedeco's OpenBLAS in the same JVM: until 2026-11-27 every fork timed 0.3.21
   * under the 0.3.31 label, and 0.3.31 loaded before it ran 3x slower on small shapes (10x50x50 TN
   * 0.44 → 1.27 µs) and sometimes crashed in dgemm. {@link #openblas} now checks which one answers.
   */
  float[] netlib() {
    if (netlib == null) netlib = JavaBLAS.getInstance();
    netlib.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1f, b, ldb, a, lda, 0f, c, n);
    return c;
  }

  static String netlibImplementation() {
    return JavaBLAS.getInstance().getClass().getName();
  }

  /** OpenBLAS cblas_sgemm, row-major, on off-heap copies of the operands (its float[] entry point copies at every call). */
  FloatPointer openblas() {
    if (pa == null) {
      loadOpenblas();
      pa = new FloatPointer(a);
      pb = new FloatPointer(b);
      pc = new FloatPointer(c.length);
    }
    openblas.cblas_sgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1f, pa, lda, pb, ldb, 0f, pc, n);
    return pc;
  }

  /** OpenBLAS cblas_dgemm, as {@link #openblas} in double: what simdprop's dgemm is held against. */
  DoublePointer openblasDgemm() {
    if (pad == null) {
      loadOpenblas();
      pad = new DoublePointer(ad);
      pbd = new DoublePointer(bd);
      pcd = new DoublePointer(cd.length);
    }
    openblas.cblas_dgemm(openblas.CblasRowMajor, transA ? openblas.CblasTrans : openblas.CblasNoTrans,
        transB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, k, 1.0, pad, lda, pbd, ldb, 0.0, pcd, n);
    return pcd;
  }

  /**
   * Loads bytedeco's OpenBLAS and checks that it is the one answering its calls: another BLAS loaded
   * earlier in the JVM (netlib's binding to the system's libblas, see {@link #netlib}) would serve
   * them under this one's name.
   */
  static void loadOpenblas() {
    String config = openblasConfig();
    if (!config.startsWith("OpenBLAS " + PINNED_OPENBLAS + " ")) {
      throw new IllegalStateException("OpenBLAS calls are answered by \"" + config + "\", not by bytedeco's OpenBLAS "
          + PINNED_OPENBLAS + ": another BLAS with the same symbols was loaded first");
    }
  }

  /** The OpenBLAS version of the bytedeco artifact on the class path (0.3.31 of 0.3.31-1.5.13). */
  static final String PINNED_OPENBLAS = pinnedOpenblas();

  private static String pinnedOpenblas() {
    try {
      return Loader.getVersion("org.bytedeco", "openblas").split("-")[0];
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no version of org.bytedeco:openblas on the class path", e);
    }
  }

  /** What the OpenBLAS answering calls says of itself: version, build options and core. */
  static String openblasConfig() {
    Loader.load(openblas_full.class);
    return openblas_full.openblas_get_config().getString().trim();
  }

  static void openblasThreads(int threads) {
    loadOpenblas();
    openblas_full.openblas_set_num_threads(threads);
  }

  /**
   * Commons Math's Array2DRowRealMatrix (double[][]): a.multiply(b), with .transpose() where the
   * case transposes an operand, as its users write it (the copy is part of the cost).
   */
  RealMatrix commonsMathArray2DRow() {
    if (rowA == null) {
      rowA = new Array2DRowRealMatrix(rows(ad, transA ? k : m, transA ? m : k), false);
      rowB = new Array2DRowRealMatrix(rows(bd, transB ? n : k, transB ? k : n), false);
    }
    return (transA ? rowA.transpose() : rowA).multiply(transB ? rowB.transpose() : rowB);
  }

  /** Commons Math's cache-blocked BlockRealMatrix (double), as above. */
  RealMatrix commonsMathBlock() {
    if (blockA == null) {
      blockA = new BlockRealMatrix(rows(ad, transA ? k : m, transA ? m : k));
      blockB = new BlockRealMatrix(rows(bd, transB ? n : k, transB ? k : n));
    }
    return (transA ? blockA.transpose() : blockA).multiply(transB ? blockB.transpose() : blockB);
  }

  void close() {
    if (pa != null) {
      pa.close();
      pb.close();
      pc.close();
    }
    if (pad != null) {
      pad.close();
      pbd.close();
      pcd.close();
    }
  }

  // ------------------------------------------------------------------ checks

  /** The product in double, the slow obvious way: what every implementation is checked against. */
  double[] reference() {
    double[] want = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) s += (double) a(i, p) * b(p, j);
        want[i * n + j] = s;
      }
    }
    return want;
  }

  /** Throws unless got (row-major m×n) matches the reference within k·ε of the operands' magnitudes (|a|, |b| <= 0.5). */
  void check(String implementation, double[] want, double[] got, double epsilon) {
    double tolerance = (k + 2) * epsilon * k * 0.25;
    for (int i = 0; i < want.length; i++) {
      if (!(Math.abs(got[i] - want[i]) <= tolerance)) {
        throw new IllegalStateException(implementation + " on " + m + "x" + n + "x" + k + (transA ? ":T" : ":N") + (transB ? "T" : "N")
            + " differs from the reference at " + i + ": " + got[i] + " vs " + want[i]);
      }
    }
  }

  double[] result(Object r) {
    if (r instanceof float[] f) return toDouble(f);
    if (r instanceof double[] d) return d.clone();
    if (r instanceof FMatrixRMaj e) return toDouble(e.data);
    if (r instanceof FloatPointer p) {
      float[] f = new float[m * n];
      p.get(f);
      return toDouble(f);
    }
    if (r instanceof DoublePointer p) {
      double[] d = new double[m * n];
      p.get(d);
      return d;
    }
    if (r instanceof RealMatrix rm) {
      double[] d = new double[m * n];
      for (int i = 0; i < m; i++) System.arraycopy(rm.getRow(i), 0, d, i * n, n);
      return d;
    }
    throw new IllegalArgumentException(String.valueOf(r));
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  private static double[][] rows(double[] flat, int rows, int cols) {
    double[][] r = new double[rows][cols];
    for (int i = 0; i < rows; i++) System.arraycopy(flat, i * cols, r[i], 0, cols);
    return r;
  }
}
