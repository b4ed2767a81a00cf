package dev.simdprop.model.perf;

import java.util.List;

/**
 * What the counters saw over one epoch's training steps (evaluation is timed apart, and its kernel
 * calls are not counted).
 *
 * @param phaseNanos time per {@link Phase}, indexed by ordinal
 * @param jvm allocation over the training steps only; GC and JIT over the whole epoch, evaluation included
 */
public record EpochCounters(long steps, List<KernelRow> kernels, long[] phaseNanos, long evaluateNanos, JvmCounters jvm) {
  /** One kernel at one shape: how often it ran and for how long. */
  public record KernelRow(Kernel kernel, int m, int n, int k, String shape, long calls, long nanos) {
    public long flops() {
      return calls * kernel.flops(m, n, k);
    }

    public long bytes() {
      return calls * kernel.bytes(m, n, k);
    }

    public double gflops() {
      return nanos == 0 ? 0 : (double) flops() / nanos;
    }

    public double gbytes() {
      return nanos == 0 ? 0 : (double) bytes() / nanos;
    }
  }

  public long phaseNanos(Phase p) {
    return phaseNanos[p.ordinal()];
  }

  /** The sum of the phases: the time of the steps as counted. */
  public long stepNanos() {
    long sum = 0;
    for (long t : phaseNanos) sum += t;
    return sum;
  }

  /** Time in kernel calls, over all kernels. */
  public long kernelNanos() {
    long sum = 0;
    for (KernelRow r : kernels) sum += r.nanos();
    return sum;
  }
}
