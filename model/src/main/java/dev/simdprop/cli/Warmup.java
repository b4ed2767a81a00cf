package dev.simdprop.cli;

import dev.simdprop.model.Trainer.EpochStats;
import java.util.List;
import java.util.Locale;

/**
 * The JIT's warm-up as training sees it: the first epoch runs interpreted and C1-compiled Vector
 * API code until C2 compiles the kernels, so it is slower than the steady state of later epochs.
 *
 * @param steadySeconds median training time of epochs 2.., NaN with a single epoch
 * @param uptimeMillis JVM uptime when the first epoch was done (start-up, data loading and warm-up included)
 */
record Warmup(double firstSeconds, double steadySeconds, long uptimeMillis) {
  static Warmup of(List<EpochStats> epochs, long firstEpochUptimeMillis) {
    if (epochs.isEmpty()) return null;
    double[] later = epochs.stream().skip(1).mapToDouble(EpochStats::trainSeconds).sorted().toArray();
    double median = later.length == 0 ? Double.NaN
        : later.length % 2 == 1 ? later[later.length / 2] : (later[later.length / 2 - 1] + later[later.length / 2]) / 2;
    return new Warmup(epochs.get(0).trainSeconds(), median, firstEpochUptimeMillis);
  }

  String describe() {
    String first = String.format(Locale.ROOT, "warm-up: epoch 1 trained in %.2f s, done %.2f s after the JVM started", firstSeconds,
        uptimeMillis / 1e3);
    if (Double.isNaN(steadySeconds)) return first + " (one epoch: no steady state to compare with)";
    return first + String.format(Locale.ROOT, "; later epochs %.2f s (median): the first is %.1f× the steady state", steadySeconds,
        firstSeconds / steadySeconds);
  }

  JsonObject json() {
    return new JsonObject().put("first_epoch_seconds", firstSeconds).put("steady_epoch_seconds", steadySeconds)
        .put("first_epoch_slowdown", firstSeconds / steadySeconds).put("uptime_at_first_epoch_seconds", uptimeMillis / 1e3);
  }
}
