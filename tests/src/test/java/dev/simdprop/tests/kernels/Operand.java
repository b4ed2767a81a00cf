package dev.simdprop.tests.kernels;

import java.util.Random;

/**
 * A rows x cols matrix placed in a larger array at a random offset with a random padded row
 * stride, filled (padding included) with float-representable values in [-1, 1).
 */
final class Operand {
  final double[] data;
  final int off, ld, rows, cols;

  private Operand(double[] data, int off, int ld, int rows, int cols) {
    this.data = data;
    this.off = off;
    this.ld = ld;
    this.rows = rows;
    this.cols = cols;
  }

  static Operand random(Random rnd, int rows, int cols) {
    return random(rnd, rows, cols, true);
  }

  /** padded false: the row stride is the width (1 for a column vector), as a vector argument usually has. */
  static Operand random(Random rnd, int rows, int cols, boolean padded) {
    int off = rnd.nextInt(4);
    int ld = Math.max(1, cols) + (padded ? rnd.nextInt(4) : 0);
    double[] data = new double[off + rows * ld + rnd.nextInt(3)];
    for (int i = 0; i < data.length; i++) data[i] = (float) (2 * rnd.nextDouble() - 1);
    return new Operand(data, off, ld, rows, cols);
  }

  double get(int i, int j) {
    return data[off + i * ld + j];
  }

  void set(int i, int j, double value) {
    data[off + i * ld + j] = value;
  }

  void fillWindow(double value) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) data[off + i * ld + j] = value;
    }
  }

  /** This operand's window of {@code array} (laid out like data), as a dense rows x cols array. */
  double[] window(double[] array) {
    double[] w = new double[rows * cols];
    for (int i = 0; i < rows; i++) System.arraycopy(array, off + i * ld, w, i * cols, cols);
    return w;
  }

  /** A fresh float copy of the whole array. */
  float[] floats() {
    float[] f = new float[data.length];
    for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
    return f;
  }
}
