package dev.simdprop.model;

/** n samples of d features (row-major in one array) with integer labels in [0, classes). */
public record Dataset(float[] features, int[] labels, int samples, int dims, int classes) {
  public Dataset {
    if ((long) samples * dims != features.length) {
      throw new IllegalArgumentException(samples + " samples of " + dims + " features need " + (long) samples * dims + " values, got " + features.length);
    }
    if (labels.length != samples) throw new IllegalArgumentException(samples + " samples but " + labels.length + " labels");
    for (int i = 0; i < samples; i++) {
      if (labels[i] < 0 || labels[i] >= classes) throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " outside 0.." + (classes - 1));
    }
  }

  /** Features and labels with the number of classes taken as the largest label + 1 (as 03's c = y_train.max()+1). */
  public static Dataset of(float[] features, int[] labels, int dims) {
    int max = 0;
    for (int y : labels) max = Math.max(max, y);
    return new Dataset(features, labels, labels.length, dims, max + 1);
  }
}
