package dev.simdprop.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** 04's {@code fit}: per epoch, train on every batch, then measure loss and accuracy on the validation set. */
public final class Trainer {
  /** What one epoch measured; losses and accuracy are averages weighted by batch length, the last partial batch included. */
  public record EpochStats(int epoch, double trainLoss, double validLoss, double validAccuracy, double trainSeconds,
      double samplesPerSecond, long steps) {}

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
    Matrix out = model.forward(x);
    float l = loss.forward(out, y);
    model.backward(loss.backward());
    optimizer.step();
    optimizer.zeroGrad();
    steps++;
    return l;
  }

  /** Trains for {@code epochs} (stopping early after maxSteps optimizer steps in all, if positive), reporting each epoch. */
  public List<EpochStats> fit(int epochs, DataLoader train, DataLoader valid, long maxSteps, Consumer<EpochStats> onEpoch) {
    List<EpochStats> all = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs && !stepLimitReached(maxSteps); epoch++) {
      EpochEvent event = new EpochEvent(); // a JFR event: timed from here, committed with the epoch's figures
      event.begin();
      long t0 = System.nanoTime();
      double lossSum = 0;
      long seen = 0;
      train.startEpoch();
      while (!stepLimitReached(maxSteps) && train.next()) {
        int b = train.x().rows();
        lossSum += (double) step(train.x(), train.y()) * b;
        seen += b;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double[] validLossAccuracy = evaluate(valid);
      EpochStats stats = new EpochStats(epoch, seen == 0 ? Double.NaN : lossSum / seen, validLossAccuracy[0], validLossAccuracy[1],
          seconds, seen / seconds, steps);
      event.epoch = epoch;
      event.trainLoss = stats.trainLoss();
      event.validLoss = stats.validLoss();
      event.validAccuracy = stats.validAccuracy();
      event.samplesPerSecond = stats.samplesPerSecond();
      event.steps = steps;
      event.commit();
      all.add(stats);
      onEpoch.accept(stats);
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
