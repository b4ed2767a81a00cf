package dev.simdprop.model;

import java.util.List;

/**
 * One layer as a pair of functions, in the style of llm.c: {@code forward} computes the output and
 * keeps what {@code backward} needs; {@code backward} takes the gradient of the loss with respect
 * to the output and returns it with respect to the input, adding parameter gradients on the way.
 * Outputs live in buffers the layer owns and reuses: they stay valid until its next call.
 */
public interface Layer {
  Matrix forward(Matrix x);

  /** Returns dx, or null when the layer was told its input needs no gradient. */
  Matrix backward(Matrix dout);

  default List<Parameter> parameters() {
    return List.of();
  }
}
