package dev.simdprop.kernels.impl;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Where an array's elements meet a 64-byte cache line, so that the GEMMs' packed B panels can start
 * on one. A 512-bit load from an address that is not a multiple of 64 touches two lines, and a Java
 * array's elements start wherever the heap put the object (8-byte aligned, then the header).
 * Measured in one JVM, the panels' start moved between a line start and 4, 8 or 12 floats past it
 * in turn (JDK 25, 512-bit species, one thread, medians of 15 rounds, GFLOP/s straddling → on
 * lines): 256³ 135-137 → 146, 512³ 144-145 → 149, 1024³ 147-149 → 155, 50x784x50000 TN 80 → 86,
 * 50000x50x784 NT 83 → 90.
 *
 * <p>Java gives no address for a heap array. A downcall of {@code memset(array, 0, 0)} that may
 * read the heap ({@link Linker.Option#critical(boolean)}) does: it writes nothing and returns its
 * first argument. Downcalls need native access ({@code --enable-native-access=ALL-UNNAMED}, or the
 * module's name when it is on the module path); without it, or without a C library, every offset is
 * 0 and nothing else changes, and no restricted method is called (so no warning is printed). The
 * address is a hint: the garbage collector may move the array later, which brings back the split
 * loads until the next call looks again, never a different result (only where the panel sits in
 * the buffer changes, not the order of any sum).
 */
public final class CacheLines {
  static final int BYTES = 64;
  /** Floats in one cache line. */
  static final int FLOATS = BYTES / Float.BYTES;

  private static final MethodHandle MEMSET = memset();

  private CacheLines() {}

  private static MethodHandle memset() {
    if (!CacheLines.class.getModule().isNativeAccessEnabled()) return null;
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find("memset")
          .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
              Linker.Option.critical(true)))
          .orElse(null);
    } catch (RuntimeException | LinkageError e) {
      return null; // no linker on this platform: offsets stay 0
    }
  }

  /** Whether addresses can be found here (native access is enabled and the C library has memset). */
  public static boolean available() {
    return MEMSET != null;
  }

  /**
   * How many elements of elementBytes each lie between element 0 of the array behind the heap
   * segment and the next cache-line start (0 when element 0 starts one, or when it cannot be
   * known). Always less than BYTES / elementBytes.
   */
  static int elementsToBoundary(MemorySegment array, int elementBytes) {
    return MEMSET == null ? 0 : (int) ((-address(array) & (BYTES - 1)) / elementBytes);
  }

  /**
   * {@link #elementsToBoundary} for a float array (0-15). The segment it wraps the array in is not
   * allocated once C2 has inlined this (escape analysis), nor at all when addresses are unknown.
   */
  public static int floatsToBoundary(float[] array) {
    return MEMSET == null ? 0 : elementsToBoundary(MemorySegment.ofArray(array), Float.BYTES);
  }

  /**
   * {@link #floatsToBoundary(float[])} for a float array already wrapped in a heap segment
   * ({@code MemorySegment.ofArray}), which a caller asking again and again keeps: nothing is then
   * allocated whether or not escape analysis would have removed a wrapper.
   */
  public static int floatsToBoundary(MemorySegment floats) {
    return elementsToBoundary(floats, Float.BYTES);
  }

  /**
   * A scratch array of floats, grown on demand and reused, whose used part starts on a cache line
   * where addresses can be known. Its start is asked on every use, since the collector may have
   * moved the array.
   */
  public static final class Floats {
    private float[] array = new float[0];
    private MemorySegment memory = MemorySegment.ofArray(array);

    /** Grows the array to hold size floats from a cache-line start and returns that start (0 when it cannot be known). */
    public int reserve(int size) {
      if (array.length < size + FLOATS - 1) {
        array = new float[size + FLOATS - 1];
        memory = MemorySegment.ofArray(array);
      }
      return floatsToBoundary(memory);
    }

    public float[] array() {
      return array;
    }
  }

  /** The address of element 0 of the array behind the heap segment at the time of the call. */
  static long address(MemorySegment array) {
    try {
      return ((MemorySegment) MEMSET.invokeExact(array, 0, 0L)).address();
    } catch (Throwable e) {
      throw new IllegalStateException("memset downcall failed", e);
    }
  }
}
