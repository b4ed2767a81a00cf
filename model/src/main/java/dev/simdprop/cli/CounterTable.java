package dev.simdprop.cli;

import dev.simdprop.model.perf.EpochCounters;
import dev.simdprop.model.perf.EpochCounters.KernelRow;
import dev.simdprop.model.perf.JvmCounters;
import dev.simdprop.model.perf.Phase;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** An epoch's counters as the demo prints them (a table) and writes them (JSON). */
final class CounterTable {
  private CounterTable() {}

  /** peakGflops: this core's measured FMA peak, or NaN when unknown (then no "% peak" figures). */
  static void print(PrintWriter out, String title, EpochCounters c, double peakGflops) {
    long step = c.stepNanos();
    out.printf(Locale.ROOT, "%s: %d steps, %.1f ms in steps (%.3f ms each), %.1f ms of it in kernels%n",
        title, c.steps(), step / 1e6, c.steps() == 0 ? 0 : step / 1e6 / c.steps(), c.kernelNanos() / 1e6);
    out.printf(Locale.ROOT, "  %-28s %-11s %6s %8s %6s %8s %7s %8s %7s %7s%n", "kernel", "shape", "calls", "ms", "step%", "MFLOP",
        "MB", "GFLOP/s", "%peak", "GB/s");
    for (KernelRow r : byTime(c)) {
      out.printf(Locale.ROOT, "  %-28s %-11s %6d %8.2f %5.1f%% %8.1f %7.2f %8.1f %7s %7.1f%n", r.kernel().label(), r.shape(), r.calls(),
          r.nanos() / 1e6, percent(r.nanos(), step), r.flops() / 1e6, r.bytes() / 1e6, r.gflops(),
          Double.isNaN(peakGflops) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.gflops() / peakGflops), r.gbytes());
    }
    out.print("  phases:");
    for (Phase p : Phase.values()) {
      out.printf(Locale.ROOT, " %s %.1f ms (%.0f%%)", p.label(), c.phaseNanos(p) / 1e6, percent(c.phaseNanos(p), step));
    }
    out.printf(Locale.ROOT, "; evaluation (not a step) %.1f ms%n", c.evaluateNanos() / 1e6);
    JvmCounters j = c.jvm();
    if (j != null) {
      out.printf(Locale.ROOT, "  JVM: %s allocated per step, %d GC (%d ms), JIT compiling %s ms this epoch%n",
          j.allocatedBytes() < 0 ? "?" : Long.toString(c.steps() == 0 ? 0 : j.allocatedBytes() / c.steps()) + " B",
          j.gcCount(), j.gcMillis(), j.jitMillis() < 0 ? "?" : Long.toString(j.jitMillis()));
      // A warm kernel allocates nothing; until C2 compiles one, its vectors are objects on the heap.
      if (j.allocatedBytes() > 1024L * Math.max(1, c.steps())) {
        out.println("       (a step that allocates is still running Vector API code the JIT has not compiled with C2 yet: warm-up)");
      }
    }
  }

  static JsonObject json(EpochCounters c, double peakGflops) {
    long step = c.stepNanos();
    List<JsonObject> kernels = new ArrayList<>();
    for (KernelRow r : byTime(c)) {
      kernels.add(new JsonObject().put("kernel", r.kernel().label()).put("id", r.kernel().name()).put("shape", r.shape())
          .put("calls", r.calls()).put("seconds", r.nanos() / 1e9).put("share_of_step", share(r.nanos(), step))
          .put("flops", r.flops()).put("bytes", r.bytes()).put("gflops_per_second", r.gflops())
          .put("gbytes_per_second", r.gbytes()).put("percent_of_peak", 100 * r.gflops() / peakGflops));
    }
    JsonObject phases = new JsonObject();
    for (Phase p : Phase.values()) phases.put(p.label() + "_seconds", c.phaseNanos(p) / 1e9);
    JsonObject o = new JsonObject().put("steps", c.steps()).put("step_seconds", step / 1e9).put("kernels", kernels)
        .put("phases", phases).put("evaluate_seconds", c.evaluateNanos() / 1e9);
    JvmCounters j = c.jvm();
    if (j != null) {
      o.put("jvm", new JsonObject().put("allocated_bytes_per_step", c.steps() == 0 ? 0 : (double) j.allocatedBytes() / c.steps())
          .put("gc_count", j.gcCount()).put("gc_seconds", j.gcMillis() / 1e3).put("jit_seconds", j.jitMillis() < 0 ? Double.NaN : j.jitMillis() / 1e3));
    }
    return o;
  }

  private static List<KernelRow> byTime(EpochCounters c) {
    List<KernelRow> rows = new ArrayList<>(c.kernels());
    rows.sort(Comparator.comparingLong(KernelRow::nanos).reversed());
    return rows;
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static double percent(long part, long whole) {
    return 100 * share(part, whole);
  }
}
