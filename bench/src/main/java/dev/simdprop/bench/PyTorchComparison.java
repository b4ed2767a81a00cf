package dev.simdprop.bench;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.DataLoader;
import dev.simdprop.model.Dataset;
import dev.simdprop.model.Init;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.MeanSquaredError;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.Sgd;
import dev.simdprop.model.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * simdprop's half of {@code bench/compare-pytorch.py}, which runs PyTorch's half in the same script
 * on the same machine and prints the ratios. Both sides use the same shapes on synthetic data
 * (50,000 samples of 784 uniform pixels, labels 0..9), one thread:
 * <ul>
 *   <li>epoch_bs64_slices, epoch_bs50_shuffled: 04's 784-50-10 MLP, cross-entropy, SGD lr 0.5, over
 *       all 50,000 samples in batches of 64 taken as plain slices, or of 50 reshuffled every epoch;
 *   <li>fullbatch03_fwd_bwd: 03's 784-50-1 model (randn init, MSE) forward and backward over the
 *       whole 50,000 x 784 batch.
 * </ul>
 * The script takes turns: one repeat of a measurement here, then the same in PyTorch, so both see
 * the machine in the same state (on this shared VM PyTorch's epoch alone was seen to move from 0.21
 * to 0.36 s within a day). This program reads a measurement's name per line on stdin, runs it once
 * and prints "name seconds"; the models and data stay in place between repeats, as in a training
 * run, so the first repeat includes the JIT's warm-up.
 */
public final class PyTorchComparison {
  private final Map<String, Runnable> measurements = new LinkedHashMap<>();

  private PyTorchComparison() {
    Gemm.setThreads(1); // PyTorch's half runs on one thread too
    int n = 50_000, d = 784;
    Random rnd = new Random(0);
    // Laid out as the IDX reader lays out a data set: rows from a cache-line start.
    float[] x = Dataset.allocateFeatures(n, d);
    int offset = Kernels.floatsToCacheLine(x);
    int[] y = new int[n];
    for (int i = 0; i < n * d; i++) x[offset + i] = rnd.nextFloat();
    for (int i = 0; i < n; i++) y[i] = rnd.nextInt(10);
    Dataset data = new Dataset(x, offset, y, n, d, 10);

    for (int[] bsShuffle : new int[][] {{64, 0}, {50, 1}}) {
      Sequential model = Sequential.mlp(d, 50, 10);
      Init.PYTORCH.apply(model, 1);
      Trainer trainer = new Trainer(model, new CrossEntropy(), new Sgd(model.parameters(), 0.5f, 0f, 0f));
      DataLoader loader = new DataLoader(data, bsShuffle[0], bsShuffle[1] == 1, 1, false);
      measurements.put("epoch_bs" + bsShuffle[0] + (bsShuffle[1] == 1 ? "_shuffled" : "_slices"), () -> {
        loader.startEpoch();
        while (loader.next()) trainer.step(loader.x(), loader.y());
      });
    }

    Sequential model03 = Sequential.mlp(d, 50, 1);
    Init.RANDN.apply(model03, 42);
    MeanSquaredError mse = new MeanSquaredError();
    Matrix all = new Matrix(n, d, x, offset);
    measurements.put("fullbatch03_fwd_bwd", () -> {
      model03.zeroGrad();
      mse.forward(model03.forward(all), y);
      model03.backward(mse.backward());
    });
  }

  public static void main(String[] args) throws IOException {
    PyTorchComparison comparison = new PyTorchComparison();
    System.out.println("ready " + String.join(" ", comparison.measurements.keySet()));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String name; (name = in.readLine()) != null && !name.isBlank(); ) {
      Runnable run = comparison.measurements.get(name.strip());
      if (run == null) throw new IllegalArgumentException("no measurement " + name + "; there are " + comparison.measurements.keySet());
      long t0 = System.nanoTime();
      run.run();
      System.out.printf(Locale.ROOT, "%s %.6f%n", name.strip(), (System.nanoTime() - t0) / 1e9);
      System.out.flush();
    }
  }
}
