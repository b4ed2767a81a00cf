package dev.simdprop.kernels;

/**
 * Argument checks shared by the public kernel entry points. Every check runs before any work, so a
 * rejected call writes nothing; each message names the kernel, the operand, its shape and the
 * offending value.
 */
final class Check {
  private Check() {}

  static IllegalArgumentException fail(String kernel, String message) {
    return new IllegalArgumentException(kernel + ": " + message);
  }

  static void nonNegative(String kernel, String name, int value) {
    if (value < 0) throw fail(kernel, name + "=" + value + " must be >= 0");
  }

  static void positive(String kernel, String name, int value) {
    if (value < 1) throw fail(kernel, name + "=" + value + " must be >= 1");
  }

  /**
   * A rows x cols matrix stored row-major from {@code off} with row stride {@code ld} inside an
   * array of {@code length} elements ({@code length < 0} means the array is null).
   */
  static void matrix(String kernel, String name, int length, int rows, int cols, int off, int ld) {
    if (length < 0) throw fail(kernel, name + " is null");
    if (ld < Math.max(1, cols)) throw fail(kernel, name + " is " + rows + "x" + cols + " but ld=" + ld + " < " + Math.max(1, cols));
    if (!fits(length, rows, cols, off, ld)) throw doesNotFit(kernel, name, name + " is " + rows + "x" + cols, length, rows, cols, off, ld);
  }

  /** {@code n} contiguous elements from {@code off}. */
  static void vector(String kernel, String name, int length, int n, int off) {
    if (length < 0) throw fail(kernel, name + " is null");
    if (off < 0) throw fail(kernel, name + " offset=" + off + " must be >= 0");
    if ((long) off + n > length) {
      throw fail(kernel, name + " needs " + n + " elements from offset " + off
          + " but the array has " + length);
    }
  }

  static int length(float[] x) { return x == null ? -1 : x.length; }
  static int length(double[] x) { return x == null ? -1 : x.length; }
  static int length(int[] x) { return x == null ? -1 : x.length; }

  /** Checks the shapes of a GEMM call: C (m x n) = alpha op(A) op(B) + beta C, op(A) m x k. Messages are built only on failure. */
  static void gemm(String kernel, boolean transA, boolean transB, int m, int n, int k,
      int aLength, int aOff, int lda, int bLength, int bOff, int ldb,
      int cLength, int cOff, int ldc) {
    nonNegative(kernel, "m", m);
    nonNegative(kernel, "n", n);
    nonNegative(kernel, "k", k);
    // Stored shapes: A is m x k, or k x m when transposed; B is k x n, or n x k.
    int aRows = transA ? k : m, aCols = transA ? m : k;
    int bRows = transB ? n : k, bCols = transB ? k : n;
    if (aLength < 0) throw fail(kernel, "A is null");
    if (bLength < 0) throw fail(kernel, "B is null");
    if (cLength < 0) throw fail(kernel, "C is null");
    if (lda < Math.max(1, aCols)) throw fail(kernel, opShape("A", m, k, transA) + " but lda=" + lda + " < " + Math.max(1, aCols));
    if (ldb < Math.max(1, bCols)) throw fail(kernel, opShape("B", k, n, transB) + " but ldb=" + ldb + " < " + Math.max(1, bCols));
    if (ldc < Math.max(1, n)) throw fail(kernel, "C is " + m + "x" + n + " but ldc=" + ldc + " < " + Math.max(1, n));
    if (!fits(aLength, aRows, aCols, aOff, lda)) throw doesNotFit(kernel, "A", opShape("A", m, k, transA), aLength, aRows, aCols, aOff, lda);
    if (!fits(bLength, bRows, bCols, bOff, ldb)) throw doesNotFit(kernel, "B", opShape("B", k, n, transB), bLength, bRows, bCols, bOff, ldb);
    if (!fits(cLength, m, n, cOff, ldc)) throw doesNotFit(kernel, "C", "C is " + m + "x" + n, cLength, m, n, cOff, ldc);
  }

  /** "op(A) is 64x784", with the stored shape when transposed. */
  private static String opShape(String name, int rows, int cols, boolean trans) {
    return "op(" + name + ") is " + rows + "x" + cols + (trans ? " (" + name + " stored " + cols + "x" + rows + ", trans" + name + ")" : "");
  }

  private static boolean fits(int length, int rows, int cols, int off, int ld) {
    return off >= 0 && (rows == 0 || cols == 0 || (long) off + (long) (rows - 1) * ld + cols <= length);
  }

  private static IllegalArgumentException doesNotFit(String kernel, String name, String shape, int length,
      int rows, int cols, int off, int ld) {
    if (off < 0) return fail(kernel, name + " offset=" + off + " must be >= 0");
    long needed = (long) off + (long) (rows - 1) * ld + cols;
    return fail(kernel, shape + " with ld=" + ld + " from offset " + off + ": needs " + needed + " elements but "
        + name + ".length=" + length);
  }
}
