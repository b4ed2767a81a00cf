package dev.simdprop.kernels.impl;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The GEMM's worker threads: a fixed pool, started on first need and kept, sized by
 * {@link #setThreads} (default: the available processors, or {@code -Dsimdprop.threads=N}). A call
 * is split into parts along N (whole NR panels) or M (whole MR row tiles), never along K, so every
 * element of C is computed by the same instructions in the same order whatever the thread count:
 * results are bit-identical. Small calls stay on the calling thread. A split call allocates its
 * task and future objects (a few hundred bytes, against the 16+ MFLOP it runs); single-thread
 * calls allocate nothing.
 */
public final class GemmThreads {
  /**
   * Below this many flops (2mnk) a call runs on one thread: handing work to a parked pool thread
   * costs tens of microseconds. Measured (sgemm, JDK 25, 2 cores, 512-bit), one thread → two:
   * 64x50x784 (5 MFLOP) 41 → 88 µs, 128³ (4 MFLOP) 45 → 92 µs, 192³ (14 MFLOP) 131 → 144 µs,
   * 256³ (34 MFLOP) 299 → 220 µs, 512³ 2169 → 1213 µs, 1024³ 17.6 → 8.9 ms.
   */
  static final long PARALLEL_MIN_FLOPS = 16_000_000L;

  private static volatile int threads = initialThreads();
  private static ExecutorService pool;
  private static int poolWorkers;

  private GemmThreads() {}

  private static int initialThreads() {
    Integer configured = Integer.getInteger("simdprop.threads");
    int n = configured != null ? configured : Runtime.getRuntime().availableProcessors();
    return Math.max(1, n);
  }

  /** Threads a large GEMM may use (including the calling one). */
  public static int threads() {
    return threads;
  }

  public static void setThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("GEMM threads=" + n + " must be >= 1");
    threads = n;
  }

  /** How many parts a call of this size should run in, given how many split units it has. */
  static int parts(long flops, int units) {
    int t = threads;
    if (t <= 1 || flops < PARALLEL_MIN_FLOPS || units < 2 || Thread.currentThread() instanceof Worker) return 1;
    return Math.min(t, units);
  }

  /** Runs body(0 .. parts-1): part 0 on the calling thread, the others on the pool; returns when all are done. */
  static void run(int parts, IntConsumer body) {
    ExecutorService p = pool(parts - 1);
    @SuppressWarnings("unchecked")
    Future<?>[] others = new Future<?>[parts - 1];
    for (int i = 1; i < parts; i++) {
      int part = i;
      others[i - 1] = p.submit(() -> body.accept(part));
    }
    body.accept(0);
    for (Future<?> f : others) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for GEMM workers", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a GEMM worker failed", e.getCause());
      }
    }
  }

  /** The first unit of part {@code part} when {@code units} are shared as evenly as possible among {@code parts}. */
  static int firstUnit(int units, int parts, int part) {
    return (int) ((long) units * part / parts);
  }

  private static synchronized ExecutorService pool(int workers) {
    if (pool == null || poolWorkers < workers) {
      if (pool != null) pool.shutdown();
      pool = Executors.newFixedThreadPool(workers, Worker::new);
      poolWorkers = workers;
    }
    return pool;
  }

  /** A pool thread; a GEMM called from one runs on it alone, so pool threads never wait on each other. */
  private static final class Worker extends Thread {
    private static int count;

    Worker(Runnable r) {
      super(r, "simdprop-gemm-" + nextId());
      setDaemon(true);
    }

    private static synchronized int nextId() {
      return ++count;
    }
  }
}
