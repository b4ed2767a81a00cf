package dev.simdprop.cli;

import picocli.CommandLine.Command;

/** {@code simdprop train}: 04_minibatch_training's fit on the kernels; quiet by default (counters off). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains the lesson's MLP with minibatch SGD.",
        "Linear, ReLU, ..., Linear as fast.ai's 04_minibatch_training; one line per epoch:",
        "train loss, valid loss, valid accuracy, time and samples/s.", ""})
final class TrainCommand extends TrainingCommand {
  @Override
  CountersMode defaultCounters() {
    return CountersMode.off;
  }
}
