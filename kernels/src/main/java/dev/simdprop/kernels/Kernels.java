package dev.simdprop.kernels;

import dev.simdprop.kernels.impl.CacheLines;
import dev.simdprop.kernels.impl.Provider;
import java.lang.foreign.MemorySegment;

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

  /** A short description, e.g. {@code "vector 256-bit (8 floats, cache-aligned panels)"} or {@code "scalar"}. */
  public static String implementation() {
    return Provider.ACTIVE.name();
  }

  /** True when the Vector API implementation is active. */
  public static boolean isVectorized() {
    return Provider.FALLBACK_REASON == null;
  }

  /**
   * How many floats lie between {@code array[0]} and the next 64-byte cache-line start (0-15), or 0
   * when this JVM cannot tell: that needs native access ({@code --enable-native-access=ALL-UNNAMED}).
   * Rows of a multiple of 16 floats stored from there never straddle two lines, so the GEMMs' vector
   * loads of them touch one line each; this is how the model's weights and batches are laid out.
   * The answer holds until the garbage collector moves the array.
   */
  public static int floatsToCacheLine(float[] array) {
    return CacheLines.floatsToBoundary(array);
  }

  /**
   * {@link #floatsToCacheLine(float[])} for a float array wrapped in a heap segment
   * ({@code MemorySegment.ofArray(array)}) that the caller keeps and asks again: no object is made
   * per call. Throws IllegalArgumentException for a native segment (not checked further, since
   * {@code heapBase()} would make an object per call).
   */
  public static int floatsToCacheLine(MemorySegment floatArray) {
    if (floatArray.isNative()) throw new IllegalArgumentException("floatsToCacheLine: a native segment, not a float[]'s: " + floatArray);
    return CacheLines.floatsToBoundary(floatArray);
  }

  /** Why the scalar twins serve (with the flag to add), or null when vectorized. */
  public static String fallbackReason() {
    return Provider.FALLBACK_REASON;
  }
}
