package dev.simdprop.model;

/** A trainable tensor and its gradient, of the same shape. */
public final class Parameter {
  private final String name;
  private final Matrix value;
  private final Matrix grad;

  public Parameter(String name, int rows, int cols) {
    this.name = name;
    this.value = new Matrix(rows, cols);
    this.grad = new Matrix(rows, cols);
  }

  /** The name within its layer: "weight" or "bias". */
  public String name() { return name; }

  public Matrix value() { return value; }

  public Matrix grad() { return grad; }

  public void zeroGrad() { grad.fill(0f); }
}
