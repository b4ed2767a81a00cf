package dev.simdprop.model;

import java.util.Arrays;

/**
 * A row-major float matrix over a {@code float[]}: element (i, j) is {@code data[offset + i * cols + j]}.
 * The row count can shrink and grow back within the storage's capacity, so a buffer sized for a
 * full batch also serves the last, shorter one without allocating; and the window can move, so one
 * matrix over a whole data set serves every batch slice of it without copying.
 */
public final class Matrix {
  private final int cols;
  private final float[] data;
  private int rows;
  private int offset;

  public Matrix(int rows, int cols) {
    this(rows, cols, new float[checkedSize(rows, cols)]);
  }

  /** Wraps data (not copied); it must hold at least rows x cols elements. */
  public Matrix(int rows, int cols, float[] data) {
    if (data.length < checkedSize(rows, cols)) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
          + " elements, the array has " + data.length);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  private static int checkedSize(int rows, int cols) {
    if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("bad matrix shape " + rows + "x" + cols);
    }
    return rows * cols;
  }

  public int rows() { return rows; }

  public int cols() { return cols; }

  /** The storage; rows() x cols() of it are in use. */
  public float[] data() { return data; }

  /** Where element (0, 0) is in {@link #data()}. */
  public int offset() { return offset; }

  public int size() { return rows * cols; }

  /** The most rows the storage holds. */
  public int capacityRows() { return cols == 0 ? Integer.MAX_VALUE : data.length / cols; }

  /** Uses the first {@code rows} rows of the storage from now on. */
  public Matrix setRows(int rows) {
    return setWindow(0, rows);
  }

  /** Uses rows [firstRow, firstRow + rows) of the storage from now on. */
  public Matrix setWindow(int firstRow, int rows) {
    if (firstRow < 0 || rows < 0 || (long) firstRow + rows > capacityRows()) {
      throw new IllegalArgumentException("rows " + firstRow + ".." + ((long) firstRow + rows) + " outside 0.." + capacityRows());
    }
    this.offset = firstRow * cols;
    this.rows = rows;
    return this;
  }

  public float get(int i, int j) { return data[offset + i * cols + j]; }

  public void set(int i, int j, float v) { data[offset + i * cols + j] = v; }

  public void fill(float v) { Arrays.fill(data, offset, offset + size(), v); }

  public String shape() { return "[" + rows + ", " + cols + "]"; }

  /** A matrix with at least {@code rows} rows of capacity: this one resized, or a new one when too small. */
  static Matrix ensure(Matrix m, int rows, int cols) {
    if (m == null || m.cols != cols || m.capacityRows() < rows) return new Matrix(rows, cols);
    return m.setRows(rows);
  }
}
