package dev.simdprop.model;

/** A trainable tensor and its gradient, of the same shape. */
public final class Parameter {
  private final String name;
  private final Matrix value;
  private final Matrix grad;
  /** New, or zeroGrad was called, and nothing has been written to grad since: it reads as zeros. */
  private boolean gradCleared = true;

  public Parameter(String name, int rows, int cols) {
    this.name = name;
    this.value = Matrix.cacheAligned(rows, cols); // its rows feed the GEMMs' vector loads
    this.grad = new Matrix(rows, cols);
  }

  /** The name within its layer: "weight" or "bias". */
  public String name() { return name; }

  /** The values, from {@code value().offset()} in their array (which is longer; see {@link Matrix#cacheAligned}). */
  public Matrix value() { return value; }

  /**
   * The gradient: zeros when {@link #zeroGrad} is the last thing done to it. After zeroGrad, read it
   * through this method again: only this call fills the zeros into a Matrix kept from before.
   */
  public Matrix grad() {
    if (gradCleared) {
      grad.fill(0f);
      gradCleared = false;
    }
    return grad;
  }

  /**
   * Clears the gradient. Nothing is written here: the next backward pass then writes its gradient
   * instead of adding it to zeros ({@link #takeGradBeta}), so a training step neither fills the
   * gradients with zeros nor reads those zeros back; {@link #grad} fills them if asked first.
   */
  public void zeroGrad() { gradCleared = true; }

  /**
   * For a backward pass about to add its part of the gradient into {@link #gradStorage}: the beta
   * to scale what is stored by, 0 after {@link #zeroGrad} (the stored values are stale), else 1.
   * The caller then writes every element.
   */
  float takeGradBeta() {
    float beta = gradCleared ? 0f : 1f;
    gradCleared = false;
    return beta;
  }

  /** The gradient's storage, stale after zeroGrad until written: for {@link #takeGradBeta}'s caller. */
  Matrix gradStorage() { return grad; }
}
