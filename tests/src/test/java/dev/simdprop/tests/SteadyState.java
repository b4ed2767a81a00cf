package dev.simdprop.tests;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes the calling thread allocates per round of some work, measured round after round until
 * the JIT has settled. Until C2 has compiled every kernel (and after any deoptimization) the Vector
 * API's vectors are heap objects, so steady state is three rounds in a row that allocate nothing;
 * work that really allocates never shows them. How long C2 takes depends on the machine and its
 * load, so the wait is bounded by time (60 s), not by a count of rounds.
 */
public final class SteadyState {
  private SteadyState() {}

  /** Runs round until three rounds in a row allocate nothing, or 60 s pass; returns every round's bytes. */
  public static List<Long> allocatedPerRound(Runnable round) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    List<Long> perRound = new ArrayList<>();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && !lastThreeAreZero(perRound)) {
      long before = threads.getThreadAllocatedBytes(thread);
      round.run();
      perRound.add(threads.getThreadAllocatedBytes(thread) - before);
    }
    return perRound;
  }

  /** The last three rounds, which a steady state leaves at zero. */
  public static List<Long> lastThree(List<Long> perRound) {
    return perRound.subList(Math.max(0, perRound.size() - 3), perRound.size());
  }

  private static boolean lastThreeAreZero(List<Long> perRound) {
    return perRound.size() >= 3 && lastThree(perRound).equals(List.of(0L, 0L, 0L));
  }
}
