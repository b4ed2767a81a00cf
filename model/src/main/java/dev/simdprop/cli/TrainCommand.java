package dev.simdprop.cli;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.DataLoader;
import dev.simdprop.model.Dataset;
import dev.simdprop.model.EpochEvent;
import dev.simdprop.model.Init;
import dev.simdprop.model.Loss;
import dev.simdprop.model.MeanSquaredError;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.Sgd;
import dev.simdprop.model.Trainer;
import dev.simdprop.model.checkpoint.Safetensors;
import dev.simdprop.model.data.Idx;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simdprop train}: 04_minibatch_training's fit on the kernels. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the lesson's MLP with minibatch SGD.",
        "Linear, ReLU, ..., Linear as fast.ai's 04_minibatch_training; one line per epoch:",
        "train loss, valid loss, valid accuracy, time and samples/s.", ""})
final class TrainCommand implements Callable<Integer> {
  enum LossKind { ce, mse }

  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Folder with train-images-idx3-ubyte, train-labels-idx1-ubyte, "
      + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each may be .gz). Default: the bundled 10,000-digit MNIST subset.")
  Path data;

  @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]", defaultValue = "50", description = "Hidden layer sizes (default ${DEFAULT-VALUE}).")
  int[] hidden;

  @Option(names = "--loss", defaultValue = "ce", description = "ce: cross-entropy over the classes; mse: one output regressing the label, as 03_backprop (default ${DEFAULT-VALUE}).")
  LossKind loss;

  @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--bs", defaultValue = "50", description = "Batch size; validation uses twice this (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.5", description = "Learning rate (default ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--momentum", defaultValue = "0", description = "SGD momentum (default ${DEFAULT-VALUE}).")
  float momentum;

  @Option(names = "--weight-decay", defaultValue = "0", description = "SGD weight decay (default ${DEFAULT-VALUE}).")
  float weightDecay;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the initialisation and the shuffling (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--init-scheme", defaultValue = "PYTORCH", description = "PYTORCH (uniform ±1/√in, nn.Linear's default), RANDN (03's unscaled) or KAIMING (default ${DEFAULT-VALUE}).")
  Init initScheme;

  @Option(names = "--init", paramLabel = "FILE", description = "Start from the weights in this safetensors file (PyTorch state-dict names).")
  Path initFile;

  @Option(names = "--save", paramLabel = "FILE", description = "Save the trained weights here as safetensors (atomically).")
  Path save;

  @Option(names = "--no-shuffle", description = "Visit the training samples in file order.")
  boolean noShuffle;

  @Option(names = "--max-steps", defaultValue = "0", paramLabel = "N", description = "Stop after N optimizer steps in all (0: no limit).")
  long maxSteps;

  @Option(names = "--threads", paramLabel = "N", description = "Threads for large matrix products (default: the available processors; "
      + "products under about 16 MFLOP, such as batch-64 MNIST layers, always run on one).")
  Integer threads;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write one JSON object per epoch to FILE.")
  Path json;

  @Option(names = "--jfr", paramLabel = "FILE", description = "Record the run with JDK Flight Recorder into FILE "
      + "(the JDK's default settings plus one simdprop.Epoch event per epoch; read it with jfr print or JDK Mission Control).")
  Path jfr;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    if (threads != null) Gemm.setThreads(threads);
    if (jfr == null) return train(out);
    try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
      recording.enable(EpochEvent.class);
      recording.setDestination(jfr);
      recording.start();
      int code = train(out);
      recording.stop(); // writes the destination
      out.println("recorded " + jfr + " (jfr print --events simdprop.Epoch " + jfr + ")");
      return code;
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("the JDK's default JFR settings do not parse", e);
    }
  }

  private int train(PrintWriter out) throws IOException {
    Dataset train = data == null ? Idx.loadBundled("train") : Idx.load(data, "train");
    Dataset valid = data == null ? Idx.loadBundled("t10k") : Idx.load(data, "t10k");
    if (valid.dims() != train.dims()) {
      throw new IllegalArgumentException("train images have " + train.dims() + " pixels but t10k images have " + valid.dims());
    }
    int classes = Math.max(train.classes(), valid.classes());
    Loss lossFn = loss == LossKind.ce ? new CrossEntropy() : new MeanSquaredError();
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = train.dims();
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = lossFn.outputs(classes);
    Sequential model = Sequential.mlp(sizes);
    initScheme.apply(model, seed);
    if (initFile != null) Safetensors.load(model, initFile);
    Sgd sgd = new Sgd(model.parameters(), lr, momentum, weightDecay);
    Trainer trainer = new Trainer(model, lossFn, sgd);
    DataLoader trainDl = new DataLoader(train, batchSize, !noShuffle, seed, false);
    DataLoader validDl = new DataLoader(valid, 2 * batchSize, false, seed, false);

    out.printf(Locale.ROOT, "data: %s (%d train, %d valid, %d classes); model %s, %s loss, %s init; bs %d, lr %s; kernels: %s, %d GEMM threads%n",
        data == null ? "bundled MNIST subset" : data, train.samples(), valid.samples(), classes, model.describe(), loss,
        initFile == null ? initScheme.name().toLowerCase(Locale.ROOT) : initFile, batchSize, lr, Kernels.implementation(), Gemm.threads());
    try (BufferedWriter jsonOut = json == null ? null : Files.newBufferedWriter(json)) {
      trainer.fit(epochs, trainDl, validDl, maxSteps, e -> {
        out.printf(Locale.ROOT, "epoch %d  train_loss %.4f  valid_loss %.4f  valid_accuracy %.4f  %.2f s  %.0f samples/s%n",
            e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.trainSeconds(), e.samplesPerSecond());
        if (jsonOut != null) writeJson(jsonOut, e);
      });
    }
    if (save != null) {
      Safetensors.save(model, save);
      out.println("saved " + save);
    }
    return 0;
  }

  private void validate() {
    if (epochs < 0) throw new IllegalArgumentException("--epochs " + epochs + " must be >= 0");
    if (batchSize < 1) throw new IllegalArgumentException("--bs " + batchSize + " must be >= 1");
    if (!(lr > 0) || Float.isInfinite(lr)) throw new IllegalArgumentException("--lr " + lr + " must be a positive number");
    if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("--momentum " + momentum + " must be in [0, 1)");
    if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) throw new IllegalArgumentException("--weight-decay " + weightDecay + " must be >= 0");
    if (maxSteps < 0) throw new IllegalArgumentException("--max-steps " + maxSteps + " must be >= 0");
    if (threads != null && threads < 1) throw new IllegalArgumentException("--threads " + threads + " must be >= 1");
    for (int h : hidden) if (h < 1) throw new IllegalArgumentException("--hidden " + h + ": layer sizes must be >= 1");
    if (jfr != null && !Files.isDirectory(jfr.toAbsolutePath().getParent())) {
      throw new IllegalArgumentException("--jfr " + jfr + ": no such directory " + jfr.toAbsolutePath().getParent());
    }
    // Fail before training, not after it, when the checkpoint cannot be written.
    if (save != null) {
      Path dir = save.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--save " + save + ": no such directory " + dir);
      if (!Files.isWritable(dir)) throw new IllegalArgumentException("--save " + save + ": directory " + dir + " is not writable");
    }
  }

  private static void writeJson(BufferedWriter w, Trainer.EpochStats e) {
    try {
      w.write(String.format(Locale.ROOT,
          "{\"epoch\":%d,\"train_loss\":%s,\"valid_loss\":%s,\"valid_accuracy\":%s,\"train_seconds\":%s,\"samples_per_second\":%s}%n",
          e.epoch(), num(e.trainLoss()), num(e.validLoss()), num(e.validAccuracy()), num(e.trainSeconds()), num(e.samplesPerSecond())));
      w.flush();
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }

  /** A JSON number, or null for NaN/Inf (which JSON cannot hold). */
  private static String num(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }
}
