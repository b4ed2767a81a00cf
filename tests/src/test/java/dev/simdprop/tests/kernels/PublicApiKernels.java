package dev.simdprop.tests.kernels;

import dev.simdprop.kernels.Broadcast;
import dev.simdprop.kernels.Elementwise;
import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import dev.simdprop.kernels.Reductions;
import dev.simdprop.kernels.impl.KernelSet;

/** The public static entry points seen as a KernelSet, so the conformance suites run them too. */
final class PublicApiKernels implements KernelSet {
  @Override public String name() { return "public API (" + Kernels.implementation() + ")"; }

  @Override public void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    Gemm.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override public void sgemmBias(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
    Gemm.sgemmBias(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, c, cOff, ldc);
  }

  @Override public void dgemm(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
      double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
    Gemm.dgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  @Override public void addRowVector(int m, int n, float[] a, int aOff, int lda, float[] row, int rowOff, float[] dst, int dstOff, int ldd) {
    Broadcast.addRowVector(m, n, a, aOff, lda, row, rowOff, dst, dstOff, ldd);
  }

  @Override public void addColumnVector(int m, int n, float[] a, int aOff, int lda, float[] col, int colOff, float[] dst, int dstOff, int ldd) {
    Broadcast.addColumnVector(m, n, a, aOff, lda, col, colOff, dst, dstOff, ldd);
  }

  @Override public float sum(int n, float[] x, int xOff) { return Reductions.sum(n, x, xOff); }

  @Override public void columnSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    Reductions.columnSums(m, n, a, aOff, lda, out, outOff);
  }

  @Override public void rowSums(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    Reductions.rowSums(m, n, a, aOff, lda, out, outOff);
  }

  @Override public void rowMax(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    Reductions.rowMax(m, n, a, aOff, lda, out, outOff);
  }

  @Override public void rowArgmax(int m, int n, float[] a, int aOff, int lda, int[] out, int outOff) {
    Reductions.rowArgmax(m, n, a, aOff, lda, out, outOff);
  }

  @Override public void rowLogSumExp(int m, int n, float[] a, int aOff, int lda, float[] out, int outOff) {
    Reductions.rowLogSumExp(m, n, a, aOff, lda, out, outOff);
  }

  @Override public float dot(int n, float[] x, int xOff, float[] y, int yOff) { return Reductions.dot(n, x, xOff, y, yOff); }

  @Override public float sumOfSquares(int n, float[] x, int xOff) { return Reductions.sumOfSquares(n, x, xOff); }

  @Override public void relu(int n, float[] x, int xOff, float[] y, int yOff) { Elementwise.relu(n, x, xOff, y, yOff); }

  @Override public void reluBackward(int n, float[] x, int xOff, float[] g, int gOff, float[] dx, int dxOff) {
    Elementwise.reluBackward(n, x, xOff, g, gOff, dx, dxOff);
  }

  @Override public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) { Elementwise.axpy(n, alpha, x, xOff, y, yOff); }

  @Override public void scale(int n, float alpha, float[] x, int xOff, float[] y, int yOff) { Elementwise.scale(n, alpha, x, xOff, y, yOff); }

  @Override public void add(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) { Elementwise.add(n, x, xOff, y, yOff, z, zOff); }

  @Override public void subtract(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    Elementwise.subtract(n, x, xOff, y, yOff, z, zOff);
  }

  @Override public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
    Elementwise.multiply(n, x, xOff, y, yOff, z, zOff);
  }

  @Override public void exp(int n, float[] x, int xOff, float[] y, int yOff) { Elementwise.exp(n, x, xOff, y, yOff); }

  @Override public void softmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    Elementwise.softmaxRows(m, n, a, aOff, lda, dst, dstOff, ldd);
  }

  @Override public void logSoftmaxRows(int m, int n, float[] a, int aOff, int lda, float[] dst, int dstOff, int ldd) {
    Elementwise.logSoftmaxRows(m, n, a, aOff, lda, dst, dstOff, ldd);
  }
}
