package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simdprop.kernels.Kernels;
import dev.simdprop.kernels.impl.CacheLines;
import dev.simdprop.model.DataLoader;
import dev.simdprop.model.Dataset;
import dev.simdprop.model.Linear;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.data.Idx;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Weights, data sets and shuffled batches start their rows on 64-byte cache lines where the JVM can
 * tell addresses (native access, as in the default test run), and stay correct where it cannot.
 */
class CacheAlignmentTest {
  /** Whether element index of array starts a cache line. */
  private static boolean onLine(float[] array, int index) {
    return (index - Kernels.floatsToCacheLine(array)) % 16 == 0;
  }

  /**
   * The form for a kept segment (what {@link Matrix#realign} uses, so it allocates nothing) answers
   * as the array form does; a native segment is refused.
   */
  @Test
  void theSegmentFormAnswersAsTheArrayForm() {
    float[] array = new float[100];
    MemorySegment memory = MemorySegment.ofArray(array);
    int before, viaSegment, after;
    int tries = 0;
    do { // a collection between the calls may move the array: ask until both array answers agree
      before = Kernels.floatsToCacheLine(array);
      viaSegment = Kernels.floatsToCacheLine(memory);
      after = Kernels.floatsToCacheLine(array);
    } while (before != after && ++tries < 5);
    assertThat(viaSegment).isEqualTo(before);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment offHeap = arena.allocate(64);
      assertThatThrownBy(() -> Kernels.floatsToCacheLine(offHeap)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void weightsDataSetsAndBatchesStartOnCacheLines() throws Exception {
    assumeTrue(CacheLines.available(), "needs --enable-native-access");
    Linear lin = new Linear(784, 50);
    for (Matrix m : new Matrix[] {lin.weight().value(), lin.bias().value()}) assertThat(onLine(m.data(), m.offset())).isTrue();

    Dataset data = Idx.loadBundled("t10k");
    assertThat(onLine(data.features(), data.offset())).isTrue();
    for (boolean shuffle : new boolean[] {false, true}) {
      DataLoader loader = new DataLoader(data, 64, shuffle, 1, false);
      loader.startEpoch();
      for (int batch = 0; batch < 3 && loader.next(); batch++) {
        Matrix x = loader.x();
        assertThat(onLine(x.data(), x.offset())).as("batch %d, shuffle %b", batch, shuffle).isTrue();
      }
    }
  }

  /** The GEMMs' scratch rows (B's columns copied as rows for the dot-product path) start on a line, with room behind. */
  @Test
  void scratchFloatsStartOnACacheLine() {
    CacheLines.Floats scratch = new CacheLines.Floats();
    for (int size : new int[] {1, 16, 784, 50 * 784, 3}) {
      int start = scratch.reserve(size);
      assertThat(start + size).isLessThanOrEqualTo(scratch.array().length);
      if (CacheLines.available()) assertThat(onLine(scratch.array(), start)).as("size %d", size).isTrue();
      else assertThat(start).isZero();
    }
  }

  @Test
  void withoutAddressesNothingMoves() {
    assumeTrue(!CacheLines.available(), "the runs without native access");
    Matrix m = Matrix.cacheAligned(3, 16);
    assertThat(m.offset()).isZero();
    assertThat(m.realign()).isFalse();
  }

  @Test
  void realignPutsStorageBackOnALineAfterTheCollectorMovedIt() {
    assumeTrue(CacheLines.available(), "needs --enable-native-access");
    Matrix m = Matrix.cacheAligned(7, 32);
    for (int i = 0; i < 7; i++) for (int j = 0; j < 32; j++) m.set(i, j, i * 100 + j);
    m.setWindow(2, 3);
    float[] window = m.toArray();
    int origin = m.offset() - 2 * 32;
    assertThat(Kernels.floatsToCacheLine(m.data())).isEqualTo(origin);
    // A young array is copied by the next collections; most copies land on another offset within a line.
    for (int gc = 0; gc < 50 && Kernels.floatsToCacheLine(m.data()) == origin; gc++) System.gc();
    assumeTrue(Kernels.floatsToCacheLine(m.data()) != origin, "the collector did not move the array to another offset in a line");
    assertThat(m.realign()).isTrue();
    assertThat(m.offset() - 2 * 32).isEqualTo(Kernels.floatsToCacheLine(m.data()));
    assertThat(m.toArray()).containsExactly(window);
    m.setRows(7);
    for (int i = 0; i < 7; i++) for (int j = 0; j < 32; j++) assertThat(m.get(i, j)).isEqualTo(i * 100 + j);
    assertThat(m.realign()).isFalse();
  }
}
