package dev.simdprop.kernels.impl;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Turns up to 16 rows of a row-major float matrix into its columns, 16 x 16 floats at a time in
 * 512-bit registers: sixteen row loads, four rounds of eight two-vector lane selections
 * ({@code selectFrom(v, w)}, one permute each), sixteen stores; and up to 8 rows of a double matrix,
 * 8 x 8 at a time, in three rounds of four. For the GEMMs' copies of a transposed B, where it
 * replaces one gather per step of k. Measured (JDK 25, one thread, AMD EPYC with AVX-512), for a
 * 10 x 50 float B, a 50x10x50 NT product's time with the copy less its time without, in a harness:
 * gathers 232-246 ns, a scalar copy 152-164 ns, these selections on float lanes 116-141 ns, on the
 * same bits as int lanes 92-94 ns (a float index vector is converted to ints at each
 * selection); in dgemm, two jars taking turns in one JVM, gathers → blocks: 64x8x100 NT +10%, 64³
 * NT +9-10%, 512³ NT +3-5%.
 *
 * <p>Round h (8, 4, 2, 1 for floats; 4, 2, 1 for doubles) pairs vector i with vector i + h for
 * every i with bit h clear: the first keeps its lanes with bit h clear and takes the pair's lanes
 * l - h into the others, the second takes its own lanes l + h into the lanes with bit h clear and
 * keeps the rest. After the last round vector p holds column p.
 */
final class RegisterTranspose {
  /** Floats and doubles in one 512-bit vector: the side of a block. */
  static final int FLOATS = 16, DOUBLES = 8;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
  private static final VectorSpecies<Long> J = LongVector.SPECIES_512;

  private static final IntVector LOW8 = IntVector.fromArray(I, low(8, FLOATS), 0), HIGH8 = IntVector.fromArray(I, high(8, FLOATS), 0);
  private static final IntVector LOW4 = IntVector.fromArray(I, low(4, FLOATS), 0), HIGH4 = IntVector.fromArray(I, high(4, FLOATS), 0);
  private static final IntVector LOW2 = IntVector.fromArray(I, low(2, FLOATS), 0), HIGH2 = IntVector.fromArray(I, high(2, FLOATS), 0);
  private static final IntVector LOW1 = IntVector.fromArray(I, low(1, FLOATS), 0), HIGH1 = IntVector.fromArray(I, high(1, FLOATS), 0);
  private static final LongVector LOW4D = LongVector.fromArray(J, wide(low(4, DOUBLES)), 0), HIGH4D = LongVector.fromArray(J, wide(high(4, DOUBLES)), 0);
  private static final LongVector LOW2D = LongVector.fromArray(J, wide(low(2, DOUBLES)), 0), HIGH2D = LongVector.fromArray(J, wide(high(2, DOUBLES)), 0);
  private static final LongVector LOW1D = LongVector.fromArray(J, wide(low(1, DOUBLES)), 0), HIGH1D = LongVector.fromArray(J, wide(high(1, DOUBLES)), 0);

  private RegisterTranspose() {}

  /** Lane selection for the first vector of a pair in round h of an n-lane block (indexes from n on select the second vector). */
  private static int[] low(int h, int n) {
    int[] index = new int[n];
    for (int l = 0; l < n; l++) index[l] = (l & h) == 0 ? l : n + l - h;
    return index;
  }

  /** Lane selection for the second vector of a pair in round h. */
  private static int[] high(int h, int n) {
    int[] index = new int[n];
    for (int l = 0; l < n; l++) index[l] = (l & h) == 0 ? l + h : n + l;
    return index;
  }

  private static long[] wide(int[] index) {
    long[] w = new long[index.length];
    for (int l = 0; l < index.length; l++) w[l] = index[l];
    return w;
  }

  /**
   * out[outOff + p*ldo + j] = m[mOff + j*ldm + p] for j < rows (at most 16) and p < cols (at least
   * 16): the columns of a rows x cols matrix as rows ldo floats apart. Lanes rows to 15 of each
   * output row are written too, with row rows - 1's values again (finite where m is), so each
   * output row needs room for 16 floats. A last block that would pass cols starts at cols - 16 and
   * writes some rows again with the same values.
   */
  static void columnsAsRows(float[] m, int mOff, int ldm, int rows, int cols, float[] out, int outOff, int ldo) {
    for (int p = 0; p < cols; p += FLOATS) block(m, mOff, ldm, rows, Math.min(p, cols - FLOATS), out, outOff, ldo);
  }

  /**
   * {@link #columnsAsRows(float[], int, int, int, int, float[], int, int)} for fewer than 16
   * columns: one block of 16 floats from each row's start, which must lie inside m, so 16 output
   * rows are written; those past the columns hold whatever followed each row in m.
   */
  static void columnsAsRowsShort(float[] m, int mOff, int ldm, int rows, float[] out, int outOff, int ldo) {
    block(m, mOff, ldm, rows, 0, out, outOff, ldo);
  }

  /** {@link #columnsAsRows(float[], int, int, int, int, float[], int, int)} for doubles: rows at most 8, cols at least 8. */
  static void columnsAsRows(double[] m, int mOff, int ldm, int rows, int cols, double[] out, int outOff, int ldo) {
    for (int p = 0; p < cols; p += DOUBLES) block(m, mOff, ldm, rows, Math.min(p, cols - DOUBLES), out, outOff, ldo);
  }

  private static void block(float[] m, int mOff, int ldm, int rows, int p, float[] out, int outOff, int ldo) {
    int last = rows - 1, r = mOff + p;
    IntVector v0 = FloatVector.fromArray(F, m, r).reinterpretAsInts();
    IntVector v1 = FloatVector.fromArray(F, m, r + Math.min(1, last) * ldm).reinterpretAsInts();
    IntVector v2 = FloatVector.fromArray(F, m, r + Math.min(2, last) * ldm).reinterpretAsInts();
    IntVector v3 = FloatVector.fromArray(F, m, r + Math.min(3, last) * ldm).reinterpretAsInts();
    IntVector v4 = FloatVector.fromArray(F, m, r + Math.min(4, last) * ldm).reinterpretAsInts();
    IntVector v5 = FloatVector.fromArray(F, m, r + Math.min(5, last) * ldm).reinterpretAsInts();
    IntVector v6 = FloatVector.fromArray(F, m, r + Math.min(6, last) * ldm).reinterpretAsInts();
    IntVector v7 = FloatVector.fromArray(F, m, r + Math.min(7, last) * ldm).reinterpretAsInts();
    IntVector v8 = FloatVector.fromArray(F, m, r + Math.min(8, last) * ldm).reinterpretAsInts();
    IntVector v9 = FloatVector.fromArray(F, m, r + Math.min(9, last) * ldm).reinterpretAsInts();
    IntVector v10 = FloatVector.fromArray(F, m, r + Math.min(10, last) * ldm).reinterpretAsInts();
    IntVector v11 = FloatVector.fromArray(F, m, r + Math.min(11, last) * ldm).reinterpretAsInts();
    IntVector v12 = FloatVector.fromArray(F, m, r + Math.min(12, last) * ldm).reinterpretAsInts();
    IntVector v13 = FloatVector.fromArray(F, m, r + Math.min(13, last) * ldm).reinterpretAsInts();
    IntVector v14 = FloatVector.fromArray(F, m, r + Math.min(14, last) * ldm).reinterpretAsInts();
    IntVector v15 = FloatVector.fromArray(F, m, r + Math.min(15, last) * ldm).reinterpretAsInts();
    IntVector t;
    t = LOW8.selectFrom(v0, v8); v8 = HIGH8.selectFrom(v0, v8); v0 = t;
    t = LOW8.selectFrom(v1, v9); v9 = HIGH8.selectFrom(v1, v9); v1 = t;
    t = LOW8.selectFrom(v2, v10); v10 = HIGH8.selectFrom(v2, v10); v2 = t;
    t = LOW8.selectFrom(v3, v11); v11 = HIGH8.selectFrom(v3, v11); v3 = t;
    t = LOW8.selectFrom(v4, v12); v12 = HIGH8.selectFrom(v4, v12); v4 = t;
    t = LOW8.selectFrom(v5, v13); v13 = HIGH8.selectFrom(v5, v13); v5 = t;
    t = LOW8.selectFrom(v6, v14); v14 = HIGH8.selectFrom(v6, v14); v6 = t;
    t = LOW8.selectFrom(v7, v15); v15 = HIGH8.selectFrom(v7, v15); v7 = t;

    t = LOW4.selectFrom(v0, v4); v4 = HIGH4.selectFrom(v0, v4); v0 = t;
    t = LOW4.selectFrom(v1, v5); v5 = HIGH4.selectFrom(v1, v5); v1 = t;
    t = LOW4.selectFrom(v2, v6); v6 = HIGH4.selectFrom(v2, v6); v2 = t;
    t = LOW4.selectFrom(v3, v7); v7 = HIGH4.selectFrom(v3, v7); v3 = t;
    t = LOW4.selectFrom(v8, v12); v12 = HIGH4.selectFrom(v8, v12); v8 = t;
    t = LOW4.selectFrom(v9, v13); v13 = HIGH4.selectFrom(v9, v13); v9 = t;
    t = LOW4.selectFrom(v10, v14); v14 = HIGH4.selectFrom(v10, v14); v10 = t;
    t = LOW4.selectFrom(v11, v15); v15 = HIGH4.selectFrom(v11, v15); v11 = t;

    t = LOW2.selectFrom(v0, v2); v2 = HIGH2.selectFrom(v0, v2); v0 = t;
    t = LOW2.selectFrom(v1, v3); v3 = HIGH2.selectFrom(v1, v3); v1 = t;
    t = LOW2.selectFrom(v4, v6); v6 = HIGH2.selectFrom(v4, v6); v4 = t;
    t = LOW2.selectFrom(v5, v7); v7 = HIGH2.selectFrom(v5, v7); v5 = t;
    t = LOW2.selectFrom(v8, v10); v10 = HIGH2.selectFrom(v8, v10); v8 = t;
    t = LOW2.selectFrom(v9, v11); v11 = HIGH2.selectFrom(v9, v11); v9 = t;
    t = LOW2.selectFrom(v12, v14); v14 = HIGH2.selectFrom(v12, v14); v12 = t;
    t = LOW2.selectFrom(v13, v15); v15 = HIGH2.selectFrom(v13, v15); v13 = t;

    t = LOW1.selectFrom(v0, v1); v1 = HIGH1.selectFrom(v0, v1); v0 = t;
    t = LOW1.selectFrom(v2, v3); v3 = HIGH1.selectFrom(v2, v3); v2 = t;
    t = LOW1.selectFrom(v4, v5); v5 = HIGH1.selectFrom(v4, v5); v4 = t;
    t = LOW1.selectFrom(v6, v7); v7 = HIGH1.selectFrom(v6, v7); v6 = t;
    t = LOW1.selectFrom(v8, v9); v9 = HIGH1.selectFrom(v8, v9); v8 = t;
    t = LOW1.selectFrom(v10, v11); v11 = HIGH1.selectFrom(v10, v11); v10 = t;
    t = LOW1.selectFrom(v12, v13); v13 = HIGH1.selectFrom(v12, v13); v12 = t;
    t = LOW1.selectFrom(v14, v15); v15 = HIGH1.selectFrom(v14, v15); v14 = t;

    int o = outOff + p * ldo;
    // (written out, not through a helper: a helper C2 declined to inline boxed every vector it took)
    v0.reinterpretAsFloats().intoArray(out, o);
    v1.reinterpretAsFloats().intoArray(out, o + ldo);
    v2.reinterpretAsFloats().intoArray(out, o + 2 * ldo);
    v3.reinterpretAsFloats().intoArray(out, o + 3 * ldo);
    v4.reinterpretAsFloats().intoArray(out, o + 4 * ldo);
    v5.reinterpretAsFloats().intoArray(out, o + 5 * ldo);
    v6.reinterpretAsFloats().intoArray(out, o + 6 * ldo);
    v7.reinterpretAsFloats().intoArray(out, o + 7 * ldo);
    v8.reinterpretAsFloats().intoArray(out, o + 8 * ldo);
    v9.reinterpretAsFloats().intoArray(out, o + 9 * ldo);
    v10.reinterpretAsFloats().intoArray(out, o + 10 * ldo);
    v11.reinterpretAsFloats().intoArray(out, o + 11 * ldo);
    v12.reinterpretAsFloats().intoArray(out, o + 12 * ldo);
    v13.reinterpretAsFloats().intoArray(out, o + 13 * ldo);
    v14.reinterpretAsFloats().intoArray(out, o + 14 * ldo);
    v15.reinterpretAsFloats().intoArray(out, o + 15 * ldo);
  }

  private static void block(double[] m, int mOff, int ldm, int rows, int p, double[] out, int outOff, int ldo) {
    int last = rows - 1, r = mOff + p;
    LongVector v0 = DoubleVector.fromArray(D, m, r).reinterpretAsLongs();
    LongVector v1 = DoubleVector.fromArray(D, m, r + Math.min(1, last) * ldm).reinterpretAsLongs();
    LongVector v2 = DoubleVector.fromArray(D, m, r + Math.min(2, last) * ldm).reinterpretAsLongs();
    LongVector v3 = DoubleVector.fromArray(D, m, r + Math.min(3, last) * ldm).reinterpretAsLongs();
    LongVector v4 = DoubleVector.fromArray(D, m, r + Math.min(4, last) * ldm).reinterpretAsLongs();
    LongVector v5 = DoubleVector.fromArray(D, m, r + Math.min(5, last) * ldm).reinterpretAsLongs();
    LongVector v6 = DoubleVector.fromArray(D, m, r + Math.min(6, last) * ldm).reinterpretAsLongs();
    LongVector v7 = DoubleVector.fromArray(D, m, r + Math.min(7, last) * ldm).reinterpretAsLongs();
    LongVector t;
    t = LOW4D.selectFrom(v0, v4); v4 = HIGH4D.selectFrom(v0, v4); v0 = t;
    t = LOW4D.selectFrom(v1, v5); v5 = HIGH4D.selectFrom(v1, v5); v1 = t;
    t = LOW4D.selectFrom(v2, v6); v6 = HIGH4D.selectFrom(v2, v6); v2 = t;
    t = LOW4D.selectFrom(v3, v7); v7 = HIGH4D.selectFrom(v3, v7); v3 = t;

    t = LOW2D.selectFrom(v0, v2); v2 = HIGH2D.selectFrom(v0, v2); v0 = t;
    t = LOW2D.selectFrom(v1, v3); v3 = HIGH2D.selectFrom(v1, v3); v1 = t;
    t = LOW2D.selectFrom(v4, v6); v6 = HIGH2D.selectFrom(v4, v6); v4 = t;
    t = LOW2D.selectFrom(v5, v7); v7 = HIGH2D.selectFrom(v5, v7); v5 = t;

    t = LOW1D.selectFrom(v0, v1); v1 = HIGH1D.selectFrom(v0, v1); v0 = t;
    t = LOW1D.selectFrom(v2, v3); v3 = HIGH1D.selectFrom(v2, v3); v2 = t;
    t = LOW1D.selectFrom(v4, v5); v5 = HIGH1D.selectFrom(v4, v5); v4 = t;
    t = LOW1D.selectFrom(v6, v7); v7 = HIGH1D.selectFrom(v6, v7); v6 = t;

    int o = outOff + p * ldo;
    v0.reinterpretAsDoubles().intoArray(out, o);
    v1.reinterpretAsDoubles().intoArray(out, o + ldo);
    v2.reinterpretAsDoubles().intoArray(out, o + 2 * ldo);
    v3.reinterpretAsDoubles().intoArray(out, o + 3 * ldo);
    v4.reinterpretAsDoubles().intoArray(out, o + 4 * ldo);
    v5.reinterpretAsDoubles().intoArray(out, o + 5 * ldo);
    v6.reinterpretAsDoubles().intoArray(out, o + 6 * ldo);
    v7.reinterpretAsDoubles().intoArray(out, o + 7 * ldo);
  }
}
