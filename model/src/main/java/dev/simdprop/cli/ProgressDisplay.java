package dev.simdprop.cli;

import dev.simdprop.model.Trainer;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar per epoch (samples done, samples/s, ETA) on standard error; the progressbar
 * library redraws it from its own thread, so a step only adds to a counter.
 */
final class ProgressDisplay implements Trainer.Listener {
  private final long samplesPerEpoch;
  private ProgressBar bar;

  ProgressDisplay(long samplesPerEpoch) {
    this.samplesPerEpoch = samplesPerEpoch;
  }

  /** Only a terminal can show a bar that redraws itself; logs and pipes get the plain per-epoch lines. */
  static boolean terminal() {
    return System.console() != null && System.console().isTerminal();
  }

  @Override
  public void epochStarted(int epoch, int batches) {
    bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(samplesPerEpoch)
        .setStyle(ProgressBarStyle.ASCII).setUnit(" samples", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
        .setUpdateIntervalMillis(200).clearDisplayOnFinish().build();
  }

  @Override
  public void stepDone(int samples) {
    bar.stepBy(samples);
  }

  @Override
  public void epochDone(Trainer.EpochStats stats) {
    bar.close();
  }
}
