package dev.simdprop.model.perf;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * What the JVM has done so far: bytes this thread allocated, collections and their time, JIT
 * compilation time. Two readings subtract into what happened between them.
 */
public record JvmCounters(long allocatedBytes, long gcCount, long gcMillis, long jitMillis) {
  private static final com.sun.management.ThreadMXBean THREADS = threads();
  private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  /** -1 for a figure this JVM does not provide. */
  public static JvmCounters now() {
    long gcCount = 0, gcMillis = 0;
    for (GarbageCollectorMXBean gc : COLLECTORS) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long jit = JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : -1;
    return new JvmCounters(allocatedBytesOfThisThread(), gcCount, gcMillis, jit);
  }

  /** Bytes the calling thread has allocated since it started, or -1 when the JVM does not count them. */
  public static long allocatedBytesOfThisThread() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  public JvmCounters minus(JvmCounters earlier) {
    return new JvmCounters(allocatedBytes - earlier.allocatedBytes, gcCount - earlier.gcCount, gcMillis - earlier.gcMillis,
        jitMillis < 0 ? -1 : jitMillis - earlier.jitMillis);
  }

  private static com.sun.management.ThreadMXBean threads() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()) {
      t.setThreadAllocatedMemoryEnabled(true);
      return t;
    }
    return null;
  }
}
