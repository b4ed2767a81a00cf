package dev.simdprop.kernels.impl;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The GEMM's worker threads: a fixed team, started on first need and kept, sized by
 * {@link #setThreads} (default: the available processors, or {@code -Dsimdprop.threads=N}). A call
 * is split into parts along N (whole NR panels) or M (whole MR row tiles), never along K, so every
 * element of C is computed by the same instructions in the same order whatever the thread count:
 * results are bit-identical. Small calls stay on the calling thread. A split call allocates its
 * job and the kernels' lambda (146-222 bytes measured, against the 16+ MFLOP it runs); single-thread
 * calls allocate nothing.
 *
 * <p>Hand-off is by polling, not by a queue: waking a parked thread took 0.15-0.7 ms on the
 * 2-core AMD EPYC VM (JDK 25), and so did waking the caller when the last part ended, against a
 * 1024³ part of 7 ms. So an idle worker polls (yielding) for the next job for {@link #SPIN_NANOS}
 * before it parks, and the caller polls for its workers as long before it parks (libgomp, by
 * default, also spins before it sleeps: 300,000 spins). With more threads than processors nobody
 * polls. Two threads over one, JMH, 1024³: 1.45x with a thread pool's queue, 1.73-1.74x polling.
 */
public final class GemmThreads {
  /**
   * Below this many flops (2mnk) a call runs on one thread. Measured (sgemm, JDK 25, AMD EPYC, 2
   * cores, 512-bit), one thread → two, with the team polling (calls back to back) and parked (20 ms
   * between calls): 128³ (4.2 MFLOP) 34 → 22 and 38 → 51 µs, 64x50x784 NT (5 MFLOP) 40 → 26 and 62 →
   * 63 µs, 256³ (34 MFLOP) 205 → 155 and 195 → 263 µs, 384³ 705 → 544 µs parked, 512³ 1475 → 890
   * polling. Small products gained only with the same operands back to back: in the training demo
   * (batch 50, 3.9 MFLOP layer-1 products, each step's operands new to the other core's caches),
   * splitting from 3 MFLOP while the team polled took 0.135-0.147 ms a step against 0.097-0.104 on
   * one thread (two runs each; runs of the same code spread 0.084-0.123).
   */
  static final long PARALLEL_MIN_FLOPS = 16_000_000L;

  /** How long an idle worker, or a caller waiting for its workers, polls before it parks. */
  static final long SPIN_NANOS = 10_000_000L;

  private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();
  private static volatile int threads = initialThreads();
  /** The workers; replaced by a larger team when more threads are asked for. Guarded by the class's lock. */
  private static Team team;
  /** Calls split so far, for tests and counters. */
  private static final AtomicLong SPLIT_CALLS = new AtomicLong();

  private GemmThreads() {}

  private static int initialThreads() {
    Integer configured = Integer.getInteger("simdprop.threads");
    int n = configured != null ? configured : PROCESSORS;
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
  public static int parts(long flops, int units) {
    int t = threads;
    if (t <= 1 || flops < PARALLEL_MIN_FLOPS || units < 2 || Thread.currentThread() instanceof Worker) return 1;
    return Math.min(t, units);
  }

  /** How many calls have been split over threads since the JVM started. */
  public static long splitCalls() {
    return SPLIT_CALLS.get();
  }

  /**
   * Runs body(0 .. parts-1), once each, and returns when all are done: part 0 on the calling
   * thread, the others on the team. While another caller's call holds the team, all parts run here,
   * one after another (the same results: the split never changes what a tile computes). A part's
   * exception is rethrown here once every part has ended.
   */
  public static void run(int parts, IntConsumer body) {
    Team t = parts > 1 ? acquire(parts - 1) : null;
    if (t == null) {
      for (int part = 0; part < parts; part++) body.accept(part);
      return;
    }
    SPLIT_CALLS.incrementAndGet();
    try {
      t.run(parts, body);
    } finally {
      t.busy.set(false);
    }
  }

  /** The first unit of part {@code part} when {@code units} are shared as evenly as possible among {@code parts}. */
  static int firstUnit(int units, int parts, int part) {
    return (int) ((long) units * part / parts);
  }

  /** How long to poll: {@link #SPIN_NANOS}, or not at all while more threads are asked for than there are processors. */
  private static long spinNanos() {
    return threads > PROCESSORS ? 0 : SPIN_NANOS;
  }

  /** A team of at least this many workers, held for the caller; null if it is held by another call. */
  private static synchronized Team acquire(int workers) {
    // A team too small is replaced only while no call holds it; it stays held, so it is never used again.
    if (team != null && team.workers.length < workers && team.busy.compareAndSet(false, true)) {
      team.retire();
      team = null;
    }
    if (team == null) team = new Team(workers);
    return team.busy.compareAndSet(false, true) ? team : null;
  }

  /** One split call: its parts, how many the workers still owe, and the first failure. */
  private static final class Job {
    final IntConsumer body;
    final int parts;
    final AtomicInteger unfinished;
    private Throwable failure;
    /** The caller, once it has given up polling and parks until the last worker wakes it. */
    volatile Thread parkedCaller;

    Job(IntConsumer body, int parts) {
      this.body = body;
      this.parts = parts;
      this.unfinished = new AtomicInteger(parts - 1);
    }

    synchronized void fail(Throwable e) {
      if (failure == null) failure = e;
    }

    synchronized Throwable failure() {
      return failure;
    }
  }

  private static final class Team {
    final Worker[] workers;
    final AtomicBoolean busy = new AtomicBoolean();
    /** The latest job; a worker takes each new one it sees (one object, so its fields are never mixed with another job's). */
    volatile Job job;
    volatile boolean retired;

    Team(int size) {
      workers = new Worker[size];
      for (int i = 0; i < size; i++) {
        workers[i] = new Worker(this, i + 1);
        workers[i].start();
      }
    }

    void run(int parts, IntConsumer body) {
      Job j = new Job(body, parts);
      job = j;
      for (int i = 0; i < parts - 1; i++) {
        if (workers[i].parked) LockSupport.unpark(workers[i]);
      }
      Throwable own = null;
      try {
        body.accept(0);
      } catch (Throwable e) {
        own = e;
        j.fail(e);
      }
      awaitWorkers(j);
      job = null; // let the body and what it holds go
      Throwable first = j.failure();
      if (first == null) return;
      if (first == own && own instanceof RuntimeException r) throw r;
      if (first == own && own instanceof Error e) throw e;
      throw new IllegalStateException("a GEMM part failed", first);
    }

    private void awaitWorkers(Job j) {
      long start = System.nanoTime();
      while (j.unfinished.get() > 0) {
        if (System.nanoTime() - start < spinNanos()) {
          Thread.yield();
        } else {
          j.parkedCaller = Thread.currentThread();
          if (j.unfinished.get() > 0) LockSupport.park(this);
        }
      }
    }

    void retire() {
      retired = true;
      for (Worker w : workers) LockSupport.unpark(w);
    }
  }

  /** A team thread; a GEMM called from one runs on it alone, so team threads never wait on each other. */
  private static final class Worker extends Thread {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private final Team team;
    /** This worker's part of every call. */
    private final int part;
    /** Set while it parks (or is about to), so a caller knows to wake it. */
    volatile boolean parked;

    Worker(Team team, int part) {
      super("simdprop-gemm-" + COUNT.incrementAndGet());
      this.team = team;
      this.part = part;
      setDaemon(true);
    }

    @Override
    public void run() {
      Job seen = null;
      while (true) {
        Job j = nextJob(seen);
        if (j == null) return; // retired
        seen = j;
        if (part >= j.parts) continue;
        try {
          j.body.accept(part);
        } catch (Throwable e) {
          j.fail(e);
        }
        if (j.unfinished.decrementAndGet() == 0) {
          Thread caller = j.parkedCaller;
          if (caller != null) LockSupport.unpark(caller);
        }
      }
    }

    /** Polls, then parks, until the team posts a job other than {@code seen}; null once the team is retired. */
    private Job nextJob(Job seen) {
      long start = System.nanoTime();
      while (true) {
        if (team.retired) return null;
        Job j = team.job;
        if (j != null && j != seen) return j;
        if (System.nanoTime() - start < spinNanos()) {
          Thread.yield();
        } else {
          parked = true;
          j = team.job;
          if (!team.retired && (j == null || j == seen)) LockSupport.park(this);
          parked = false;
          start = System.nanoTime();
        }
      }
    }
  }
}
