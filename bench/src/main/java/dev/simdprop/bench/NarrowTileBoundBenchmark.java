package dev.simdprop.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the lesson's layer-2 forward x@w (50x10x50 NN: C 50 x 10 = A 50 x 50 · B 50 x 10) can be
 * in the broadcast form, next to simdprop and OpenBLAS in the same fork. With 10 columns, one vector
 * of B serves a whole step of k, so every multiply-add needs its own broadcast of a value of A.
 * <ul>
 * <li>{@link #broadcastForm}: the product with nothing else: A packed beforehand (k-major, ten rows
 *     a tile, one base address), B padded to 16 columns, C left in 16-column rows. 5 tiles x 50
 *     steps of 10 broadcasts + 10 FMAs, the least work any broadcast-form kernel does here.
 * <li>{@link #fmaBound}: the same 2500 FMAs with each tile's ten broadcasts made once, outside the
 *     loop. It does not compute the product; it times the multiply-adds alone.
 * </ul>
 * 512-bit vectors (16 lanes) are assumed, as on the machine the figures come from; the set-up
 * fails on other widths, and checks broadcastForm's product against a double-precision reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 4, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class NarrowTileBoundBenchmark {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int M = 50, N = 10, K = 50, ROWS = 10, LANES = 16;

  private GemmCase g;
  /** A as M/ROWS tiles, each K steps of ROWS values (row r of step p at p*ROWS + r). */
  private final float[] packedA = new float[M * K];
  /** B's rows at stride LANES, columns past N zero. */
  private final float[] paddedB = new float[K * LANES];
  private final float[] out = new float[M * LANES];

  @Setup(Level.Trial)
  public void setUp() {
    if (S.length() != LANES) throw new IllegalStateException("needs 512-bit vectors, this JVM prefers " + S.vectorBitSize());
    g = new GemmCase(M + "x" + N + "x" + K + ":NN");
    GemmBenches.threads(1);
    for (int t = 0; t < M / ROWS; t++) {
      for (int p = 0; p < K; p++) {
        for (int r = 0; r < ROWS; r++) packedA[t * ROWS * K + p * ROWS + r] = g.a[(t * ROWS + r) * K + p];
      }
    }
    for (int p = 0; p < K; p++) System.arraycopy(g.b, p * N, paddedB, p * LANES, N);
    broadcastForm();
    double[] want = g.reference(), got = new double[M * N];
    for (int i = 0; i < M; i++) {
      for (int j = 0; j < N; j++) got[i * N + j] = out[i * LANES + j];
    }
    g.check("broadcastForm", want, got, Math.ulp(1f));
    for (String implementation : new String[] {"simdprop", "openblas"}) {
      g.check(implementation, want, g.result(GemmBenches.run(g, implementation)), Math.ulp(1f));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    g.close();
  }

  @Benchmark
  public Object simdprop() {
    return g.simdprop();
  }

  @Benchmark
  public Object openblas() {
    return g.openblas();
  }

  @Benchmark
  public float[] broadcastForm() {
    for (int t = 0; t < M / ROWS; t++) {
      int a0 = t * ROWS * K;
      FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0;
      for (int p = 0; p < K; p++) {
        FloatVector b = FloatVector.fromArray(S, paddedB, p * LANES);
        int q = a0 + p * ROWS;
        c0 = FloatVector.broadcast(S, packedA[q]).fma(b, c0);
        c1 = FloatVector.broadcast(S, packedA[q + 1]).fma(b, c1);
        c2 = FloatVector.broadcast(S, packedA[q + 2]).fma(b, c2);
        c3 = FloatVector.broadcast(S, packedA[q + 3]).fma(b, c3);
        c4 = FloatVector.broadcast(S, packedA[q + 4]).fma(b, c4);
        c5 = FloatVector.broadcast(S, packedA[q + 5]).fma(b, c5);
        c6 = FloatVector.broadcast(S, packedA[q + 6]).fma(b, c6);
        c7 = FloatVector.broadcast(S, packedA[q + 7]).fma(b, c7);
        c8 = FloatVector.broadcast(S, packedA[q + 8]).fma(b, c8);
        c9 = FloatVector.broadcast(S, packedA[q + 9]).fma(b, c9);
      }
      store(t, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
    }
    return out;
  }

  @Benchmark
  public float[] fmaBound() {
    for (int t = 0; t < M / ROWS; t++) {
      int a0 = t * ROWS * K;
      FloatVector s0 = FloatVector.broadcast(S, packedA[a0]), s1 = FloatVector.broadcast(S, packedA[a0 + 1]),
          s2 = FloatVector.broadcast(S, packedA[a0 + 2]), s3 = FloatVector.broadcast(S, packedA[a0 + 3]),
          s4 = FloatVector.broadcast(S, packedA[a0 + 4]), s5 = FloatVector.broadcast(S, packedA[a0 + 5]),
          s6 = FloatVector.broadcast(S, packedA[a0 + 6]), s7 = FloatVector.broadcast(S, packedA[a0 + 7]),
          s8 = FloatVector.broadcast(S, packedA[a0 + 8]), s9 = FloatVector.broadcast(S, packedA[a0 + 9]);
      FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0;
      for (int p = 0; p < K; p++) {
        FloatVector b = FloatVector.fromArray(S, paddedB, p * LANES);
        c0 = s0.fma(b, c0);
        c1 = s1.fma(b, c1);
        c2 = s2.fma(b, c2);
        c3 = s3.fma(b, c3);
        c4 = s4.fma(b, c4);
        c5 = s5.fma(b, c5);
        c6 = s6.fma(b, c6);
        c7 = s7.fma(b, c7);
        c8 = s8.fma(b, c8);
        c9 = s9.fma(b, c9);
      }
      store(t, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9);
    }
    return out;
  }

  /** Tile t's ten rows into out (16-column rows). Inlined, so the vectors stay in registers. */
  private void store(int t, FloatVector c0, FloatVector c1, FloatVector c2, FloatVector c3, FloatVector c4,
      FloatVector c5, FloatVector c6, FloatVector c7, FloatVector c8, FloatVector c9) {
    int o = t * ROWS * LANES;
    c0.intoArray(out, o);
    c1.intoArray(out, o + LANES);
    c2.intoArray(out, o + 2 * LANES);
    c3.intoArray(out, o + 3 * LANES);
    c4.intoArray(out, o + 4 * LANES);
    c5.intoArray(out, o + 5 * LANES);
    c6.intoArray(out, o + 6 * LANES);
    c7.intoArray(out, o + 7 * LANES);
    c8.intoArray(out, o + 8 * LANES);
    c9.intoArray(out, o + 9 * LANES);
  }
}
