package dev.simdprop.model;

import java.util.Random;

/**
 * Batches of a dataset, as 04's DataLoader with a (seeded) random sampler: each epoch visits every
 * sample once, in a new shuffled order or in file order. Shuffled batches are gathered into a buffer
 * the loader owns; in file order a batch is a window on the data set itself, as a tensor slice in
 * PyTorch, and nothing is copied. Iterating allocates nothing. The last batch is shorter unless dropLast.
 */
public final class DataLoader {
  private final Dataset data;
  private final int batchSize;
  private final boolean shuffle, dropLast;
  private final Random rnd;
  private final int[] order;
  private final Matrix x;
  private final int[] y;
  private int position;

  public DataLoader(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast) {
    if (batchSize < 1) throw new IllegalArgumentException("batch size " + batchSize + " must be >= 1");
    this.data = data;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.rnd = new Random(seed);
    this.order = new int[data.samples()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    int rows = Math.min(batchSize, Math.max(1, data.samples()));
    // Shuffled: a buffer the batches are gathered into, its rows on cache lines like the data set's
    // (see Matrix.cacheAligned). In file order: a window on the data set.
    this.x = shuffle ? Matrix.cacheAligned(rows, data.dims()) : new Matrix(data.samples(), data.dims(), data.features(), data.offset());
    this.y = new int[rows];
    position = order.length;
  }

  public int batchSize() { return batchSize; }

  public Dataset dataset() { return data; }

  /** Batches per epoch. */
  public int batches() {
    int n = data.samples();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** Starts an epoch: reshuffles (Fisher-Yates) when shuffling. */
  public void startEpoch() {
    if (shuffle) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    position = 0;
  }

  /** Makes the next batch {@link #x()} and {@link #y()}; false at the end of the epoch. */
  public boolean next() {
    int left = order.length - position;
    int b = Math.min(batchSize, left);
    if (b == 0 || (dropLast && b < batchSize)) return false;
    int d = data.dims();
    if (shuffle) {
      x.realign();
      x.setRows(b);
      for (int r = 0; r < b; r++) {
        int s = order[position + r];
        System.arraycopy(data.features(), data.offset() + s * d, x.data(), x.offset() + r * d, d);
        y[r] = data.labels()[s];
      }
    } else {
      x.setWindow(position, b);
      System.arraycopy(data.labels(), position, y, 0, b);
    }
    position += b;
    return true;
  }

  /** The current batch's features, (b, dims). */
  public Matrix x() { return x; }

  /** The current batch's labels; the first x().rows() are valid. */
  public int[] y() { return y; }
}
