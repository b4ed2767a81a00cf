package dev.simdprop.model;

import dev.simdprop.kernels.Kernels;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A row-major float matrix over a {@code float[]}: element (i, j) is {@code data[offset + i * cols + j]}.
 * The row count can shrink and grow back within the storage's capacity, so a buffer sized for a
 * full batch also serves the last, shorter one without allocating; and the window can move, so one
 * matrix over a whole data set serves every batch slice of it without copying.
 */
public final class Matrix {
  /** Spare floats at the end of cache-aligned storage: room to start it on any of a line's 16 floats. */
  static final int ALIGN_SLACK = 15;

  private final int cols;
  private final float[] data;
  /** Where row 0 of the storage is: 0, or for a cache-aligned matrix a cache-line start (see realign). */
  private int origin;
  private final int capacityRows;
  /**
   * For a {@link #cacheAligned} matrix, data seen as memory, made once so that {@link #realign}
   * allocates nothing; null for any other matrix.
   */
  private final MemorySegment memory;
  private int rows;
  private int offset;

  public Matrix(int rows, int cols) {
    this(rows, cols, new float[checkedSize(rows, cols)]);
  }

  /** Wraps data (not copied); it must hold at least rows x cols elements. */
  public Matrix(int rows, int cols, float[] data) {
    this(rows, cols, data, 0);
  }

  /** Wraps data (not copied) from index origin; it must hold at least rows x cols elements from there. */
  public Matrix(int rows, int cols, float[] data, int origin) {
    this(rows, cols, data, origin, false);
    if (origin < 0 || data.length - origin < checkedSize(rows, cols)) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs " + (long) rows * cols
          + " elements, the array has " + (data.length - (long) origin) + " from index " + origin);
    }
  }

  private Matrix(int rows, int cols, float[] data, int origin, boolean cacheAligned) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    this.origin = origin;
    this.offset = origin;
    this.memory = cacheAligned ? MemorySegment.ofArray(data) : null;
    this.capacityRows = cols == 0 ? Integer.MAX_VALUE : cacheAligned ? rows : (data.length - origin) / cols;
  }

  /**
   * A zero matrix whose storage starts on a 64-byte cache line where {@link Kernels#floatsToCacheLine}
   * can tell (with native access), so that when cols is a multiple of 16 every row does, and the
   * GEMMs' vector loads of it never straddle two lines: the batch-64 forward of 784-50-10 measured
   * 61.5 µs with its input and weight rows straddling, 49.3 µs with both on lines. {@link #realign}
   * puts it back after the garbage collector has moved the array.
   */
  public static Matrix cacheAligned(int rows, int cols) {
    float[] data = new float[checkedSize(rows, cols) + ALIGN_SLACK];
    return new Matrix(rows, cols, data, Kernels.floatsToCacheLine(data), true);
  }

  /**
   * For a {@link #cacheAligned} matrix whose array the garbage collector has moved off a cache-line
   * start: moves its storage (contents and window alike) back onto one, and returns true. Costs one
   * native call (a few ns) when nothing is to be done; otherwise, and for other matrices, it does
   * nothing. Code that keeps {@link #offset()} across a call must read it again.
   */
  public boolean realign() {
    if (memory == null) return false;
    int start = Kernels.floatsToCacheLine(memory);
    if (start == origin) return false;
    System.arraycopy(data, origin, data, start, capacityRows * cols);
    offset += start - origin;
    origin = start;
    return true;
  }

  private static int checkedSize(int rows, int cols) {
    if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8 - ALIGN_SLACK) {
      throw new IllegalArgumentException("bad matrix shape " + rows + "x" + cols);
    }
    return rows * cols;
  }

  public int rows() { return rows; }

  public int cols() { return cols; }

  /** The storage; rows() x cols() of it are in use, from {@link #offset()}. */
  public float[] data() { return data; }

  /** Where element (0, 0) is in {@link #data()}. */
  public int offset() { return offset; }

  public int size() { return rows * cols; }

  /** The most rows the storage holds. */
  public int capacityRows() { return capacityRows; }

  /** Uses the first {@code rows} rows of the storage from now on. */
  public Matrix setRows(int rows) {
    return setWindow(0, rows);
  }

  /** Uses rows [firstRow, firstRow + rows) of the storage from now on. */
  public Matrix setWindow(int firstRow, int rows) {
    if (firstRow < 0 || rows < 0 || (long) firstRow + rows > capacityRows()) {
      throw new IllegalArgumentException("rows " + firstRow + ".." + ((long) firstRow + rows) + " outside 0.." + capacityRows());
    }
    this.offset = origin + firstRow * cols;
    this.rows = rows;
    return this;
  }

  public float get(int i, int j) { return data[offset + i * cols + j]; }

  public void set(int i, int j, float v) { data[offset + i * cols + j] = v; }

  public void fill(float v) { Arrays.fill(data, offset, offset + size(), v); }

  /** A copy of the rows() x cols() in use, row-major from index 0. */
  public float[] toArray() { return Arrays.copyOfRange(data, offset, offset + size()); }

  public String shape() { return "[" + rows + ", " + cols + "]"; }

  /** A matrix with at least {@code rows} rows of capacity: this one resized, or a new one when too small. */
  static Matrix ensure(Matrix m, int rows, int cols) {
    if (m == null || m.cols != cols || m.capacityRows() < rows) return new Matrix(rows, cols);
    return m.setRows(rows);
  }
}
