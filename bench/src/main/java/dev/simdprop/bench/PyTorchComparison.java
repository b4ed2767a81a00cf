package dev.simdprop.bench;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.DataLoader;
import dev.simdprop.model.Dataset;
import dev.simdprop.model.Init;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.MeanSquaredError;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.Sgd;
import dev.simdprop.model.Trainer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * simdprop's half of {@code bench/compare-pytorch.py}, which runs PyTorch's half in the same script
 * on the same machine and prints the ratios. Both sides use the same shapes on synthetic data
 * (50,000 samples of 784 uniform pixels, labels 0..9), one thread:
 * <ul>
 *   <li>epoch: 04's 784-50-10 MLP, cross-entropy, SGD lr 0.5, over all 50,000 samples in batches
 *       of 64 taken as plain slices, or of 50 reshuffled every epoch;
 *   <li>fullbatch03: 03's 784-50-1 model (randn init, MSE) forward and backward over the whole
 *       50,000 x 784 batch.
 * </ul>
 * Prints one line per measurement: name, first time (JIT warm-up included), median of the rest, in seconds.
 */
public final class PyTorchComparison {
  private PyTorchComparison() {}

  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    Gemm.setThreads(1); // PyTorch's half runs on one thread too
    int n = 50_000, d = 784;
    Random rnd = new Random(0);
    float[] x = new float[n * d];
    int[] y = new int[n];
    for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
    for (int i = 0; i < n; i++) y[i] = rnd.nextInt(10);
    Dataset data = new Dataset(x, y, n, d, 10);

    for (int[] bsShuffle : new int[][] {{64, 0}, {50, 1}}) {
      Sequential model = Sequential.mlp(d, 50, 10);
      Init.PYTORCH.apply(model, 1);
      Trainer trainer = new Trainer(model, new CrossEntropy(), new Sgd(model.parameters(), 0.5f, 0f, 0f));
      DataLoader loader = new DataLoader(data, bsShuffle[0], bsShuffle[1] == 1, 1, false);
      double[] seconds = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        loader.startEpoch();
        while (loader.next()) trainer.step(loader.x(), loader.y());
        seconds[r] = (System.nanoTime() - t0) / 1e9;
      }
      report("epoch_bs" + bsShuffle[0] + (bsShuffle[1] == 1 ? "_shuffled" : "_slices"), seconds);
    }

    Sequential model03 = Sequential.mlp(d, 50, 1);
    Init.RANDN.apply(model03, 42);
    MeanSquaredError mse = new MeanSquaredError();
    Matrix all = new Matrix(n, d, x);
    double[] seconds = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      model03.zeroGrad();
      mse.forward(model03.forward(all), y);
      model03.backward(mse.backward());
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    report("fullbatch03_fwd_bwd", seconds);
  }

  private static void report(String name, double[] seconds) {
    double[] rest = Arrays.copyOfRange(seconds, 1, seconds.length);
    Arrays.sort(rest);
    System.out.printf(Locale.ROOT, "%s first=%.4f median=%.4f%n", name, seconds[0], rest[rest.length / 2]);
  }
}
