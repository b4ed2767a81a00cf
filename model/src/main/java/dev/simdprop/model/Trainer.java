package dev.simdprop.model;

import dev.simdprop.model.perf.Counters;
import dev.simdprop.model.perf.EpochCounters;
import dev.simdprop.model.perf.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** 04's {@code fit}: per epoch, train on every batch, then measure loss and accuracy on the validation set. */
public final class Trainer {
  /**
   * What one epoch measured; losses and accuracy are averages weighted by batch length, the last
   * partial batch included. counters is null unless {@link Counters} are enabled.
   */
  public record EpochStats(int epoch, double trainLoss, double validLoss, double validAccuracy, double trainSeconds,
      double samplesPerSecond, long steps, EpochCounters counters) {}

  /** Hears of a fit's progress; every method has a default that does nothing. */
  public interface Listener {
    default void epochStarted(int epoch, int batches) {}

    /** After each optimizer step, with the batch's length. Called on the training thread: keep it cheap. */
    default void stepDone(int samples) {}

    default void epochDone(EpochStats stats) {}
  }

  private final Sequential model;
  private final Loss loss;
  private final Sgd optimizer;
  private long steps;

  public Trainer(Sequential model, Loss loss, Sgd optimizer) {
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
  }

  /** One optimizer step on a batch; returns its mean loss. */
  public float step(Matrix x, int[] y) {
    return step(x, y, Counters.stepStart());
  }

  /** A step whose phases the counters time from t (0 when they are off). */
  private float step(Matrix x, int[] y, long t) {
    Matrix out = model.forward(x);
    t = Counters.phase(Phase.FORWARD, t);
    float l = loss.forward(out, y);
    Matrix dout = loss.backward();
    t = Counters.phase(Phase.LOSS, t);
    model.backward(dout);
    t = Counters.phase(Phase.BACKWARD, t);
    optimizer.step();
    optimizer.zeroGrad();
    Counters.phase(Phase.UPDATE, t);
    Counters.stepDone();
    steps++;
    return l;
  }

  /** Trains for {@code epochs} (stopping early after maxSteps optimizer steps in all, if positive), reporting each epoch. */
  public List<EpochStats> fit(int epochs, DataLoader train, DataLoader valid, long maxSteps, Consumer<EpochStats> onEpoch) {
    return fit(epochs, train, valid, maxSteps, new Listener() {
      @Override
      public void epochDone(EpochStats stats) {
        onEpoch.accept(stats);
      }
    });
  }

  /** As above, telling the listener of every epoch's start and of every step. */
  public List<EpochStats> fit(int epochs, DataLoader train, DataLoader valid, long maxSteps, Listener listener) {
    List<EpochStats> all = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs && !stepLimitReached(maxSteps); epoch++) {
      EpochEvent event = new EpochEvent(); // a JFR event: timed from here, committed with the epoch's figures
      event.begin();
      listener.epochStarted(epoch, train.batches());
      Counters.epochStarted();
      long t0 = System.nanoTime();
      double lossSum = 0;
      long seen = 0;
      train.startEpoch();
      long t = Counters.stepStart();
      while (!stepLimitReached(maxSteps) && train.next()) {
        t = Counters.phase(Phase.DATA, t);
        int b = train.x().rows();
        lossSum += (double) step(train.x(), train.y(), t) * b;
        seen += b;
        listener.stepDone(b);
        t = Counters.stepStart();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Counters.stepsEnded();
      long evaluating = Counters.suspend();
      double[] validLossAccuracy = evaluate(valid);
      Counters.resume(evaluating);
      EpochStats stats = new EpochStats(epoch, seen == 0 ? Double.NaN : lossSum / seen, validLossAccuracy[0], validLossAccuracy[1],
          seconds, seen / seconds, steps, Counters.snapshotAndReset());
      event.epoch = epoch;
      event.trainLoss = stats.trainLoss();
      event.validLoss = stats.validLoss();
      event.validAccuracy = stats.validAccuracy();
      event.samplesPerSecond = stats.samplesPerSecond();
      event.steps = steps;
      event.commit();
      all.add(stats);
      listener.epochDone(stats);
    }
    return all;
  }

  private boolean stepLimitReached(long maxSteps) {
    return maxSteps > 0 && steps >= maxSteps;
  }

  /** {mean loss, accuracy} over every sample of the loader. */
  public double[] evaluate(DataLoader loader) {
    double lossSum = 0;
    long right = 0, seen = 0;
    loader.startEpoch();
    while (loader.next()) {
      Matrix out = model.forward(loader.x());
      int b = out.rows();
      lossSum += (double) loss.forward(out, loader.y()) * b;
      right += loss.correct(out, loader.y());
      seen += b;
    }
    return new double[] {lossSum / seen, (double) right / seen};
  }

  public long steps() {
    return steps;
  }
}
