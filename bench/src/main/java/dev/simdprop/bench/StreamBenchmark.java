package dev.simdprop.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's memory bandwidth as one thread sees it, the four loops of McCalpin's STREAM
 * (copy b = a, scale b = s·a, add c = a + b, triad a = b + s·c) on float arrays: at 16M elements
 * (64 MB each, far beyond the caches) and at 256K (1 MB each, in L2 here). C2 vectorizes these
 * loops itself (copy is System.arraycopy). GB/s counts the bytes STREAM counts: 8 per element for copy
 * and scale, 12 for add and triad.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class StreamBenchmark {
  @Param({"16M", "256K"})
  String size;

  float[] a, b, c;
  static final float S = 3f;

  static int elements(String size) {
    return size.equals("16M") ? 16 << 20 : 256 << 10;
  }

  static double bytes(String method, String size) {
    return (method.equals("copy") || method.equals("scale") ? 8.0 : 12.0) * elements(size);
  }

  @Setup(Level.Trial)
  public void setUp() {
    int n = elements(size);
    a = new float[n];
    b = new float[n];
    c = new float[n];
    java.util.Arrays.fill(a, 1f);
    java.util.Arrays.fill(b, 2f);
    java.util.Arrays.fill(c, 0.5f);
    triad();
    if (a[n - 1] != 2f + S * 0.5f) throw new IllegalStateException("triad gave " + a[n - 1]);
    java.util.Arrays.fill(a, 1f);
  }

  @Benchmark
  public float[] copy() {
    System.arraycopy(a, 0, b, 0, a.length);
    return b;
  }

  @Benchmark
  public float[] scale() {
    for (int i = 0; i < a.length; i++) b[i] = S * a[i];
    return b;
  }

  @Benchmark
  public float[] add() {
    for (int i = 0; i < a.length; i++) c[i] = a[i] + b[i];
    return c;
  }

  @Benchmark
  public float[] triad() {
    for (int i = 0; i < a.length; i++) a[i] = b[i] + S * c[i];
    return a;
  }
}
