package dev.simdprop.kernels;

import dev.simdprop.kernels.impl.Provider;

/**
 * Which implementation the kernels run on this JVM, chosen once at start-up.
 *
 * <p>The Vector API implementation is used when the {@code jdk.incubator.vector} module is present
 * ({@code java --add-modules jdk.incubator.vector}), C2 compiles, and the preferred vector species is
 * at least 128 bits wide. Otherwise the scalar twins serve: same results within rounding, slower.
 * {@code -Dsimdprop.vector=false} forces the scalar twins. The choice is logged once, as one line
 * at INFO on the {@code dev.simdprop.kernels} {@link System.Logger}.
 */
public final class Kernels {
  private Kernels() {}

  /** A short description, e.g. {@code "vector 256-bit (8 floats)"} or {@code "scalar"}. */
  public static String implementation() {
    return Provider.ACTIVE.name();
  }

  /** True when the Vector API implementation is active. */
  public static boolean isVectorized() {
    return Provider.FALLBACK_REASON == null;
  }

  /** Why the scalar twins serve (with the flag to add), or null when vectorized. */
  public static String fallbackReason() {
    return Provider.FALLBACK_REASON;
  }
}
