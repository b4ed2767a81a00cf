package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simdprop.model.DataLoader;
import dev.simdprop.model.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches in file order (windows on the data, no copy) and shuffled (gathered), with the short last batch and dropLast. */
class DataLoaderTest {
  /** 23 samples of 3 features; sample s holds s, s + 0.25, s + 0.5 and label s mod 4. */
  static Dataset data() {
    float[] x = new float[23 * 3];
    int[] y = new int[23];
    for (int s = 0; s < 23; s++) {
      for (int f = 0; f < 3; f++) x[s * 3 + f] = s + 0.25f * f;
      y[s] = s % 4;
    }
    return new Dataset(x, y, 23, 3, 4);
  }

  /** data() stored from index offset of a longer array, with NaN before and after it. */
  static Dataset data(int offset) {
    Dataset d = data();
    float[] x = new float[offset + d.features().length + 7];
    java.util.Arrays.fill(x, Float.NaN);
    System.arraycopy(d.features(), 0, x, offset, d.features().length);
    return new Dataset(x, offset, d.labels(), 23, 3, 4);
  }

  /** The sample numbers of an epoch's batches, checking each row's features and label against its sample. */
  static List<List<Integer>> epoch(DataLoader loader) {
    List<List<Integer>> batches = new ArrayList<>();
    loader.startEpoch();
    while (loader.next()) {
      List<Integer> batch = new ArrayList<>();
      for (int r = 0; r < loader.x().rows(); r++) {
        int s = (int) loader.x().get(r, 0);
        assertThat(loader.x().get(r, 2)).isEqualTo(s + 0.5f);
        assertThat(loader.y()[r]).isEqualTo(s % 4);
        batch.add(s);
      }
      batches.add(batch);
    }
    return batches;
  }

  @Test
  void fileOrderGivesConsecutiveSlicesAndAShortLastBatch() {
    List<List<Integer>> batches = epoch(new DataLoader(data(), 10, false, 1, false));
    assertThat(batches).containsExactly(
        List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 19), List.of(20, 21, 22));
    assertThat(epoch(new DataLoader(data(), 10, false, 1, true))).hasSize(2);
    assertThat(new DataLoader(data(), 10, false, 1, true).batches()).isEqualTo(2);
    assertThat(new DataLoader(data(), 10, false, 1, false).batches()).isEqualTo(3);
  }

  @Test
  void featuresStoredFromAnOffsetAreReadFromThere() {
    assertThat(epoch(new DataLoader(data(5), 10, false, 1, false))).isEqualTo(epoch(new DataLoader(data(), 10, false, 1, false)));
    assertThat(epoch(new DataLoader(data(5), 10, true, 7, false))).isEqualTo(epoch(new DataLoader(data(), 10, true, 7, false)));
  }

  @Test
  void shuffledEpochsVisitEverySampleOnceInNewOrders() {
    DataLoader loader = new DataLoader(data(), 10, true, 7, false);
    List<Integer> first = epoch(loader).stream().flatMap(List::stream).toList();
    List<Integer> second = epoch(loader).stream().flatMap(List::stream).toList();
    assertThat(first).hasSize(23).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(second);
    assertThat(first).isNotEqualTo(second);
    assertThat(epoch(new DataLoader(data(), 10, true, 7, false)).stream().flatMap(List::stream).toList())
        .as("the same seed gives the same order").isEqualTo(first);
  }
}
