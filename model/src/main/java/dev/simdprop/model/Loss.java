package dev.simdprop.model;

/** A loss over a batch: {@code forward} returns the mean loss, {@code backward} its gradient with respect to the model's output. */
public interface Loss {
  /** out is (B, C); labels[0..B) are the targets. */
  float forward(Matrix out, int[] labels);

  /** d(loss)/d(out), (B, C), for the last forward. */
  Matrix backward();

  /** How many of the batch's predictions equal their label. */
  int correct(Matrix out, int[] labels);

  /** The number of model outputs this loss expects, given the number of classes. */
  int outputs(int classes);
}
