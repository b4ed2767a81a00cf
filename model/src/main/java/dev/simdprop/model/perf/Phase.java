package dev.simdprop.model.perf;

/** The parts of one training step, in the order a step runs them. */
public enum Phase {
  /** The loader makes the batch: gathers shuffled rows, or moves a window. */
  DATA,
  /** The model's forward pass. */
  FORWARD,
  /** The loss and its gradient with respect to the output. */
  LOSS,
  /** The model's backward pass: every parameter's gradient. */
  BACKWARD,
  /** The optimizer's update and the zeroing of the gradients. */
  UPDATE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
