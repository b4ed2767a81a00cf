package dev.simdprop.model;

import dev.simdprop.kernels.Kernels;

/**
 * n samples of d features (row-major in one array, sample s from {@code features[offset + s * dims]})
 * with integer labels in [0, classes).
 */
public record Dataset(float[] features, int offset, int[] labels, int samples, int dims, int classes) {
  public Dataset {
    if (offset < 0 || (long) samples * dims > features.length - (long) offset) {
      throw new IllegalArgumentException(samples + " samples of " + dims + " features need " + (long) samples * dims
          + " values, got " + (features.length - (long) offset) + " from index " + offset);
    }
    if (labels.length != samples) throw new IllegalArgumentException(samples + " samples but " + labels.length + " labels");
    for (int i = 0; i < samples; i++) {
      if (labels[i] < 0 || labels[i] >= classes) throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " outside 0.." + (classes - 1));
    }
  }

  /** The features from index 0 of the array, which holds exactly samples x dims values. */
  public Dataset(float[] features, int[] labels, int samples, int dims, int classes) {
    this(features, 0, labels, samples, dims, classes);
    if ((long) samples * dims != features.length) {
      throw new IllegalArgumentException(samples + " samples of " + dims + " features need " + (long) samples * dims + " values, got " + features.length);
    }
  }

  /** Features and labels with the number of classes taken as the largest label + 1 (as 03's c = y_train.max()+1). */
  public static Dataset of(float[] features, int[] labels, int dims) {
    return new Dataset(features, labels, labels.length, dims, maxLabel(labels) + 1);
  }

  /** {@link #of(float[], int[], int)} for features stored from index offset (see {@link #allocateFeatures}). */
  public static Dataset of(float[] features, int offset, int[] labels, int dims) {
    return new Dataset(features, offset, labels, labels.length, dims, maxLabel(labels) + 1);
  }

  /**
   * Room for samples x dims features plus the 15 spare floats a cache-aligned Matrix also has, so
   * they can be stored from index {@link Kernels#floatsToCacheLine}(array): sample 0 then starts on
   * a 64-byte cache line where that can be known, and with dims a multiple of 16 (784 is) so does
   * every sample and every batch taken as a slice. The IDX reader lays its data sets out this way.
   */
  public static float[] allocateFeatures(int samples, int dims) {
    long size = (long) samples * dims + Matrix.ALIGN_SLACK;
    if (samples < 0 || dims < 0 || size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("bad data set shape " + samples + "x" + dims);
    return new float[(int) size];
  }

  private static int maxLabel(int[] labels) {
    int max = 0;
    for (int y : labels) max = Math.max(max, y);
    return max;
  }

  /** The feature value j of sample s. */
  public float feature(int s, int j) { return features[offset + s * dims + j]; }
}
