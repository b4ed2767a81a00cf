package dev.simdprop.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simdprop demo}: what a new user runs first. The lesson's 784-50-10 network learns the
 * bundled MNIST subset while the counters show where each step's time goes.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the lesson's 784-50-10 MLP on the bundled MNIST subset and shows what the machine does.",
        "Cross-entropy, SGD, bs 50, lr 0.5, 5 epochs (every train option works here too); a progress bar per epoch",
        "on a terminal, one line per epoch, then performance counters: per kernel (calls, time, share of the step,",
        "GFLOP/s, %% of this core's measured peak, GB/s), per phase of a step, and the JVM's allocation, GC, JIT",
        "and warm-up.", ""})
final class DemoCommand extends TrainingCommand {
  @Option(names = "--quick", description = "One epoch instead of --epochs.")
  boolean quick;

  @Override
  CountersMode defaultCounters() {
    return CountersMode.end;
  }

  @Override
  public Integer call() throws java.io.IOException {
    if (quick) epochs = 1;
    return super.call();
  }
}
