package dev.simdprop.tests.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.simdprop.kernels.Broadcast;
import dev.simdprop.kernels.Elementwise;
import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Reductions;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Bad arguments get an IllegalArgumentException naming the kernel, the shapes and the value, before any write. */
class BadInputTest {

  @Test
  void gemmInnerDimensionLargerThanTheStoredRow() {
    float[] a = new float[64 * 784], b = new float[785 * 50], c = new float[64 * 50];
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 64, 50, 785, 1f, a, 0, 784, b, 0, 50, 0f, c, 0, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sgemm: op(A) is 64x785 but lda=784 < 785");
  }

  @Test
  void gemmArrayTooShortForTheShape() {
    float[] a = new float[64 * 785 - 1], b = new float[785 * 50], c = new float[64 * 50];
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 64, 50, 785, 1f, a, 0, 785, b, 0, 50, 0f, c, 0, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sgemm: op(A) is 64x785 with ld=785 from offset 0: needs 50240 elements but A.length=50239");
  }

  @Test
  void gemmTransposedOperandsNameTheirStoredShape() {
    double[] a = new double[10 * 7], b = new double[3 * 7], c = new double[7 * 3];
    // op(A) = Aᵀ is 7x10 (A stored 10x7), op(B) = Bᵀ is 10x3 but B is stored 3x7: k=10 > 7.
    assertThatThrownBy(() -> Gemm.dgemm(true, true, 7, 3, 10, 1, a, 0, 7, b, 0, 7, 0, c, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dgemm: op(B) is 10x3 (B stored 3x10, transB) but ldb=7 < 10");
  }

  @Test
  void gemmRejectsNegativeSizesNullsOffsetsAndShortC() {
    float[] a = new float[12], b = new float[12], c = new float[12];
    assertThatThrownBy(() -> Gemm.sgemm(false, false, -1, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3)).hasMessage("sgemm: m=-1 must be >= 0");
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 3, 4, 1f, null, 0, 4, b, 0, 3, 0f, c, 0, 3)).hasMessage("sgemm: A is null");
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, -2, 4, b, 0, 3, 0f, c, 0, 3)).hasMessage("sgemm: A offset=-2 must be >= 0");
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 4, 3))
        .hasMessage("sgemm: C is 3x3 with ld=3 from offset 4: needs 13 elements but C.length=12");
    assertThatThrownBy(() -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 2)).hasMessage("sgemm: C is 3x3 but ldc=2 < 3");
  }

  @Test
  void otherKernelsNameTheirOperand() {
    float[] x = new float[10], y = new float[9];
    assertThatThrownBy(() -> Elementwise.add(10, x, 0, y, 0, x, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("add: y needs 10 elements from offset 0 but the array has 9");
    assertThatThrownBy(() -> Elementwise.relu(-1, x, 0, y, 0)).hasMessage("relu: n=-1 must be >= 0");
    assertThatThrownBy(() -> Elementwise.axpy(5, 1f, x, 6, y, 0)).hasMessage("axpy: x needs 5 elements from offset 6 but the array has 10");
    assertThatThrownBy(() -> Broadcast.addRowVector(2, 5, x, 0, 5, y, 5)).hasMessage("addRowVector: row needs 5 elements from offset 5 but the array has 9");
    assertThatThrownBy(() -> Broadcast.addColumnVector(2, 5, x, 0, 5, y, 0, y, 0, 5))
        .hasMessage("addColumnVector: dst is 2x5 with ld=5 from offset 0: needs 10 elements but dst.length=9");
    assertThatThrownBy(() -> Reductions.rowMax(2, 0, x, 0, 1, y, 0)).hasMessage("rowMax: n=0 must be >= 1");
    assertThatThrownBy(() -> Reductions.columnSums(2, 5, x, 0, 5, y, 6)).hasMessage("columnSums: out needs 5 elements from offset 6 but the array has 9");
    assertThatThrownBy(() -> Reductions.rowArgmax(3, 3, x, 0, 3, null, 0)).hasMessage("rowArgmax: out is null");
    assertThatThrownBy(() -> Elementwise.softmaxRows(2, 5, x, 0, 4, x, 0, 5)).hasMessage("softmaxRows: a is 2x5 but ld=4 < 5");
  }

  /** Arbitrary, mostly wrong, arguments: the call succeeds or throws IllegalArgumentException, and a rejected call leaves C as it was. */
  @Property(tries = 2000)
  void gemmNeverFailsInsideItsLoops(@ForAll @IntRange(min = -2, max = 12) int m, @ForAll @IntRange(min = -2, max = 12) int n,
      @ForAll @IntRange(min = -2, max = 12) int k, @ForAll boolean transA, @ForAll boolean transB,
      @ForAll @IntRange(min = -1, max = 4) int aOff, @ForAll @IntRange(min = 0, max = 14) int lda,
      @ForAll @IntRange(min = -1, max = 4) int bOff, @ForAll @IntRange(min = 0, max = 14) int ldb,
      @ForAll @IntRange(min = -1, max = 4) int cOff, @ForAll @IntRange(min = 0, max = 14) int ldc,
      @ForAll @IntRange(min = 0, max = 120) int aLen, @ForAll @IntRange(min = 0, max = 120) int bLen,
      @ForAll @IntRange(min = 0, max = 120) int cLen) {
    float[] a = new float[aLen], b = new float[bLen], c = new float[cLen];
    java.util.Arrays.fill(c, 7f);
    Throwable thrown = catchThrowable(() -> Gemm.sgemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sgemm: ");
      for (float v : c) assertThat(v).isEqualTo(7f);
    }
  }
}
