package dev.simdprop.tests.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.tests.SteadyState;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A one-thread GEMM call allocates nothing once the JIT has compiled it: its packing buffers are
 * kept per thread and reused. Checked on every path (small product, packed, A·Bᵀ dot product, A
 * read in place, fused bias+ReLU, dgemm) with the allocation counter of {@code com.sun.management.ThreadMXBean}.
 */
class GemmAllocationTest {
  private final int saved = Gemm.threads();

  @AfterEach
  void restore() {
    Gemm.setThreads(saved);
  }

  @Test
  void steadyStateCallsAllocateNothing() {
    Gemm.setThreads(1); // a call split over threads allocates its tasks (documented)
    Random rnd = new Random(3);
    float[] a = random(rnd, 128 * 800), b = random(rnd, 800 * 128), c = new float[128 * 128], bias = random(rnd, 128);
    double[] ad = new double[a.length], bd = new double[b.length], cd = new double[c.length];
    for (int i = 0; i < a.length; i++) ad[i] = a[i];
    for (int i = 0; i < b.length; i++) bd[i] = b[i];
    Runnable calls = () -> {
      Gemm.sgemm(true, false, 10, 50, 50, 1f, a, 0, 10, b, 0, 50, 0f, c, 0, 50); // small product
      Gemm.sgemm(false, true, 50, 10, 50, 1f, a, 0, 50, b, 0, 50, 0.5f, c, 0, 10); // small, Bᵀ turned into rows
      Gemm.sgemm(false, true, 50, 50, 10, 1f, a, 0, 10, b, 0, 10, 0f, c, 0, 50); // small, a wide Bᵀ turned in bands
      Gemm.sgemm(false, false, 50, 10, 50, 1f, a, 0, 50, b, 0, 10, 0f, c, 0, 10); // small, a narrow B copied as rows
      Gemm.sgemmBias(true, false, 50, 10, 50, a, 0, 50, b, 0, 10, bias, 0, true, c, 0, 10); // small, computed as Cᵀ
      Gemm.sgemm(false, false, 100, 128, 300, 1f, a, 0, 300, b, 0, 128, 0f, c, 0, 128); // packed, A·B
      Gemm.sgemm(true, true, 100, 90, 300, 2f, a, 0, 100, b, 0, 300, 1f, c, 0, 90); // packed, both transposed
      Gemm.sgemm(false, true, 50, 50, 784, 1f, a, 0, 784, b, 0, 784, 0f, c, 0, 50); // dot-product path
      Gemm.sgemmBias(false, true, 64, 50, 784, a, 0, 784, b, 0, 784, bias, 0, true, c, 0, 50); // fused, dot path
      Gemm.sgemmBias(false, false, 64, 100, 50, a, 0, 50, b, 0, 100, bias, 0, false, c, 0, 100); // fused, packed
      Gemm.sgemm(false, false, 300, 50, 300, 1f, a, 0, 300, b, 0, 50, 1f, c, 0, 50); // A read in place
      Gemm.sgemmBias(false, true, 256, 32, 300, a, 0, 300, b, 0, 300, bias, 0, true, c, 0, 32); // fused, A in place, Bᵀ turned
      Gemm.dgemm(false, false, 100, 90, 300, 1.0, ad, 0, 300, bd, 0, 90, 0.0, cd, 0, 90);
      Gemm.dgemm(false, true, 100, 90, 300, 1.0, ad, 0, 300, bd, 0, 300, 0.0, cd, 0, 90); // packed, Bᵀ's panels turned
      Gemm.dgemm(false, true, 64, 8, 100, 1.0, ad, 0, 100, bd, 0, 100, 0.0, cd, 0, 8); // small, Bᵀ turned into rows
    };
    List<Long> perRound = SteadyState.allocatedPerRound(() -> {
      for (int i = 0; i < 100; i++) calls.run();
    });
    assertThat(SteadyState.lastThree(perRound)).as("bytes allocated per 100 rounds of calls: %s", perRound).hasSize(3).containsOnly(0L);
  }

  private static float[] random(Random rnd, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = rnd.nextFloat() - 0.5f;
    return x;
  }
}
