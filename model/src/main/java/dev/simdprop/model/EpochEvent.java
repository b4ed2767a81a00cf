package dev.simdprop.model;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** One training epoch, as a JDK Flight Recorder event ({@code jfr print --events simdprop.Epoch FILE}). */
@Name("simdprop.Epoch")
@Label("Training epoch")
@Category("simdprop")
@Description("One epoch of Trainer.fit: its losses, validation accuracy and throughput")
public final class EpochEvent extends Event {
  @Label("Epoch") public int epoch;
  @Label("Train loss") public double trainLoss;
  @Label("Valid loss") public double validLoss;
  @Label("Valid accuracy") public double validAccuracy;
  @Label("Samples per second") public double samplesPerSecond;
  @Label("Optimizer steps so far") public long steps;
}
