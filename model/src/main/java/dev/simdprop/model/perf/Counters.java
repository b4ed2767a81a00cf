package dev.simdprop.model.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Software performance counters of training: per kernel call site and shape, per phase of a step,
 * and the JVM's allocation, GC and JIT figures, gathered into one {@link EpochCounters} per epoch.
 * Off by default; off, a kernel call pays one static field read. On, it pays two clock reads and a
 * scan of a short table; nothing is allocated after a shape's first call, so the allocation figure
 * counters report is not their own. Meant for the one thread that trains (not thread-safe).
 *
 * <p>Use: {@code long t = Counters.start(); Gemm.sgemm(...); Counters.stop(Kernel.SGEMM_NN, t, m, n, k);}
 */
public final class Counters {
  private static boolean counting, jfrKernels, suspended;

  // One row per (kernel, m, n, k) seen since the last snapshot; parallel arrays, scanned linearly
  // (a step has about fifteen distinct calls).
  private static Kernel[] kernels = new Kernel[32];
  private static int[] ms = new int[32], ns = new int[32], ks = new int[32];
  private static long[] calls = new long[32], nanos = new long[32];
  private static String[] shapes = new String[32];
  private static int rows, lastRow;

  private static final long[] phaseNanos = new long[Phase.values().length];
  private static long steps, evaluateNanos, stepAllocated;
  private static JvmCounters epochStart;
  private static KernelEvent pendingEvent;

  private Counters() {}

  /** Turns counting on or off, and the per-call JFR event; clears what was counted. */
  public static void enable(boolean count, boolean jfrKernelEvents) {
    counting = count;
    jfrKernels = jfrKernelEvents;
    suspended = false;
    rows = 0;
    reset();
  }

  public static boolean enabled() {
    return counting;
  }

  /** The start of a kernel call: a clock reading, or 0 when nothing is counted. */
  public static long start() {
    if (!(counting || jfrKernels) || suspended) return 0;
    if (jfrKernels) {
      pendingEvent = new KernelEvent();
      pendingEvent.begin();
    }
    return System.nanoTime();
  }

  /** The end of the kernel call that {@code start} returned t0 for. */
  public static void stop(Kernel kernel, long t0, int m, int n, int k) {
    if (t0 == 0) return;
    long dt = System.nanoTime() - t0;
    int r = row(kernel, m, n, k);
    calls[r]++;
    nanos[r] += dt;
    if (pendingEvent != null) {
      KernelEvent e = pendingEvent;
      pendingEvent = null;
      e.end();
      if (e.shouldCommit()) {
        e.kernel = kernel.label();
        e.shape = shapes[r];
        e.flops = kernel.flops(m, n, k);
        e.commit();
      }
    }
  }

  /** The end of a phase that began at t0; returns the clock reading, which starts the next phase. */
  public static long phase(Phase phase, long t0) {
    if (t0 == 0) return 0;
    long now = System.nanoTime();
    phaseNanos[phase.ordinal()] += now - t0;
    return now;
  }

  /** The start of a step (or of its first phase): a clock reading, or 0 when counting is off. */
  public static long stepStart() {
    return counting && !suspended ? System.nanoTime() : 0;
  }

  public static void stepDone() {
    if (counting && !suspended) steps++;
  }

  /** Marks the start of an epoch's training steps: the allocation and GC/JIT baselines. */
  public static void epochStarted() {
    if (!counting) return;
    epochStart = JvmCounters.now();
  }

  /** Marks the end of the epoch's training steps: what they allocated. */
  public static void stepsEnded() {
    if (!counting || epochStart == null) return;
    stepAllocated += JvmCounters.allocatedBytesOfThisThread() - epochStart.allocatedBytes();
  }

  /** Pauses kernel counting (evaluation runs the model too, but is not a training step); returns the time. */
  public static long suspend() {
    suspended = true;
    return counting ? System.nanoTime() : 0;
  }

  /** Ends a pause that began at t0; its time counts as evaluation. */
  public static void resume(long t0) {
    suspended = false;
    if (t0 != 0) evaluateNanos += System.nanoTime() - t0;
  }

  /** What was counted since the last snapshot (or enable), then starts afresh. Null when counting is off. */
  public static EpochCounters snapshotAndReset() {
    if (!counting) return null;
    List<EpochCounters.KernelRow> list = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      if (calls[r] > 0) list.add(new EpochCounters.KernelRow(kernels[r], ms[r], ns[r], ks[r], shapes[r], calls[r], nanos[r]));
    }
    JvmCounters jvm = epochStart == null ? null : JvmCounters.now().minus(epochStart);
    if (jvm != null) jvm = new JvmCounters(stepAllocated, jvm.gcCount(), jvm.gcMillis(), jvm.jitMillis());
    EpochCounters snapshot = new EpochCounters(steps, list, phaseNanos.clone(), evaluateNanos, jvm);
    reset();
    return snapshot;
  }

  /** Zeroes the figures; the table keeps its rows (and their shape strings), so later epochs allocate nothing. */
  private static void reset() {
    Arrays.fill(calls, 0);
    Arrays.fill(nanos, 0);
    lastRow = 0;
    Arrays.fill(phaseNanos, 0);
    steps = 0;
    evaluateNanos = 0;
    stepAllocated = 0;
    epochStart = null;
    pendingEvent = null;
  }

  private static int row(Kernel kernel, int m, int n, int k) {
    if (lastRow < rows && matches(lastRow, kernel, m, n, k)) return lastRow;
    for (int r = 0; r < rows; r++) {
      if (matches(r, kernel, m, n, k)) return lastRow = r;
    }
    if (rows == kernels.length) grow();
    int r = rows++;
    kernels[r] = kernel;
    ms[r] = m;
    ns[r] = n;
    ks[r] = k;
    calls[r] = 0;
    nanos[r] = 0;
    shapes[r] = kernel.shape(m, n, k);
    return lastRow = r;
  }

  private static boolean matches(int r, Kernel kernel, int m, int n, int k) {
    return kernels[r] == kernel && ms[r] == m && ns[r] == n && ks[r] == k;
  }

  private static void grow() {
    int size = 2 * kernels.length;
    kernels = Arrays.copyOf(kernels, size);
    ms = Arrays.copyOf(ms, size);
    ns = Arrays.copyOf(ns, size);
    ks = Arrays.copyOf(ks, size);
    calls = Arrays.copyOf(calls, size);
    nanos = Arrays.copyOf(nanos, size);
    shapes = Arrays.copyOf(shapes, size);
  }
}
