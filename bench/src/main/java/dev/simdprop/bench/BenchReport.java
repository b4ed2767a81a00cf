package dev.simdprop.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** report.md: one table per suite, from the measured results and the machine they ran on. */
final class BenchReport {
  /** What the report's header says about the run. */
  record Environment(String date, String cpu, int cores, String caches, String jdk, String kernels, double peakOneCore,
      double peakAllCores, String openblas, String netlib, String notes, String mode, Suites.Timing timing, String duration) {}

  static final Map<String, String> GEMM_NAMES = new LinkedHashMap<>();

  static {
    GEMM_NAMES.put("simdprop", "simdprop");
    GEMM_NAMES.put("simdpropOnLines", "simdprop, operands on lines");
    GEMM_NAMES.put("scalarTwin", "scalar twin");
    GEMM_NAMES.put("naiveIjk", "naive i-j-k");
    GEMM_NAMES.put("naiveIkj", "naive i-k-j");
    GEMM_NAMES.put("ejml", "EJML");
    GEMM_NAMES.put("netlib", "netlib Java");
    GEMM_NAMES.put("openblas", "OpenBLAS");
    GEMM_NAMES.put("commonsMathArray2DRow", "CM Array2DRow (double)");
    GEMM_NAMES.put("commonsMathBlock", "CM Block (double)");
    GEMM_NAMES.put("simdpropDgemm", "simdprop dgemm (double)");
    GEMM_NAMES.put("openblasDgemm", "OpenBLAS dgemm (double)");
  }

  private final List<Measured> results;
  private final Environment env;
  private final StringBuilder md = new StringBuilder();

  private BenchReport(List<Measured> results, Environment env) {
    this.results = results;
    this.env = env;
  }

  static String write(List<Measured> results, Environment env, List<String> failed, List<String> charts) {
    BenchReport r = new BenchReport(results, env);
    r.header(failed, charts);
    r.gemm();
    r.threads();
    r.transposes();
    r.vectorShapes();
    r.elementwise();
    r.stream();
    r.mlpStep();
    r.counters();
    return r.md.toString();
  }

  private void header(List<String> failed, List<String> charts) {
    line("# simdprop benchmark report");
    line("");
    line("- date: " + env.date() + "; mode: " + env.mode() + " (" + env.timing().forks() + " fork(s), " + env.timing().warmups()
        + " warm-up and " + env.timing().iterations() + " measured iterations of " + env.timing().millis() + " ms each); took " + env.duration());
    line("- CPU: " + env.cpu() + ", " + env.cores() + " cores available; caches " + env.caches());
    line("- JDK: " + env.jdk() + "; simdprop kernels: " + env.kernels());
    line(String.format(Locale.ROOT, "- measured fp32 FMA peak: %s per core, %s on all %d cores (Vector API, 12 independent FMA chains)",
        gflops(env.peakOneCore()), gflops(env.peakAllCores()), env.cores()));
    line("- OpenBLAS: " + env.openblas() + " (bytedeco's build; every fork that times it checks that it is the one answering),"
        + " off-heap operands, threads set explicitly per benchmark");
    line("- netlib (dev.ludovic.netlib 3.0.4) picked " + env.netlib() + " in the forks (they run with the incubator module)");
    if (!env.notes().isEmpty()) line("- " + env.notes());
    line("- times are medians over every measured iteration of every fork; ± is JMH's 99.9% confidence half-width of the mean."
        + " Every implementation was checked against a reference in its setup before it was timed.");
    if (!failed.isEmpty()) line("- **no result** (the benchmark failed; see the run's output): " + String.join(", ", failed));
    for (String chart : charts) line("\n![" + chart + "](" + chart + ")");
    line("");
  }

  // ------------------------------------------------------------------ GEMM

  private void gemm() {
    List<Measured> gemm = suite("GemmBenchmark");
    if (gemm.isEmpty()) return;
    List<String> impls = present(gemm, GEMM_NAMES.keySet());
    line("## GEMM, one thread (GFLOP/s, higher is better)");
    line("");
    line("C = op(A)·op(B), C m×n over k, shapes as m x n x k:op. The MLP shapes are 04's 784-50-10 at batch 50 and 64, "
        + "first with W stored out x in as PyTorch and the model keep it: forward x·Wᵀ (NT), weight gradient doutᵀ·x (TN), "
        + "input gradient dout·W (NN); then, from 50x50x784:NN on, in the lesson's own layout (W stored in x out): forward "
        + "x@w (NN), weight gradient inp.T @ out.g (TN), input gradient out.g @ w.T (NT). Commons Math and simdprop dgemm "
        + "run in double (their peak is half the fp32 one); Commons Math transposes with .transpose(), whose copy counts.");
    line("");
    StringBuilder head = new StringBuilder("| shape |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String impl : impls) {
      head.append(' ').append(GEMM_NAMES.get(impl)).append(" |");
      rule.append("---:|");
    }
    boolean onLines = impls.contains("simdpropOnLines");
    if (onLines) {
      line("\"simdprop, operands on lines\": the same operands copied to start on 64-byte cache lines, as the model lays out "
          + "its weights and batches; \"simdprop\" reads them where the heap put them.");
      line("");
    }
    head.append(" simdprop ÷ naive i-k-j | simdprop ÷ OpenBLAS |").append(onLines ? " on lines ÷ OpenBLAS |" : "")
        .append(" simdprop % of peak | dgemm ÷ CM Block | dgemm ÷ OpenBLAS dgemm |");
    rule.append(onLines ? "---:|---:|---:|---:|---:|---:|" : "---:|---:|---:|---:|---:|");
    line(head.toString());
    line(rule.toString());
    for (String shape : values(gemm, "shape")) {
      StringBuilder row = new StringBuilder("| " + shape + " |");
      for (String impl : impls) row.append(' ').append(find(gemm, impl, "shape", shape).map(m -> num(gflopsOf(m))).orElse("")).append(" |");
      row.append(' ').append(ratio(gemm, "simdprop", "naiveIkj", shape)).append(" |");
      row.append(' ').append(ratio(gemm, "simdprop", "openblas", shape)).append(" |");
      if (onLines) row.append(' ').append(ratio(gemm, "simdpropOnLines", "openblas", shape)).append(" |");
      row.append(' ').append(find(gemm, "simdprop", "shape", shape).map(m -> percent(gflopsOf(m) / env.peakOneCore())).orElse("")).append(" |");
      row.append(' ').append(ratio(gemm, "simdpropDgemm", "commonsMathBlock", shape)).append(" |");
      row.append(' ').append(ratio(gemm, "simdpropDgemm", "openblasDgemm", shape)).append(" |");
      line(row.toString());
    }
    line("");
    line("<details><summary>Every GEMM result: time per operation with its error</summary>");
    line("");
    line("| shape | implementation | µs/op | ± | GFLOP/s | % of fp32 peak |");
    line("|---|---|---:|---:|---:|---:|");
    for (String shape : values(gemm, "shape")) {
      for (String impl : impls) {
        find(gemm, impl, "shape", shape).ifPresent(m -> line("| " + shape + " | " + GEMM_NAMES.get(impl) + " | " + num(m.medianMicros()) + " | "
            + num(m.errorMicros()) + " | " + num(gflopsOf(m)) + " | " + percent(gflopsOf(m) / env.peakOneCore()) + " |"));
      }
    }
    line("");
    line("</details>");
    line("");
  }

  private void threads() {
    List<Measured> t = suite("GemmThreadsBenchmark");
    if (t.isEmpty()) return;
    line("## GEMM threads (GFLOP/s)");
    line("");
    line("simdprop splits M or N in whole tiles (never K: results are bit-identical for any thread count); OpenBLAS's threads are set with openblas_set_num_threads.");
    line("");
    line("| shape | threads | simdprop | OpenBLAS | simdprop ÷ OpenBLAS | simdprop speed-up over 1 thread | OpenBLAS speed-up over 1 thread | simdprop % of peak (threads × one core) |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (String shape : values(t, "shape")) {
      for (String threads : values(t, "threads")) {
        Optional<Measured> s = find(t, "simdprop", "shape", shape, "threads", threads), o = find(t, "openblas", "shape", shape, "threads", threads);
        int n = Integer.parseInt(threads);
        line("| " + shape + " | " + threads + " | " + s.map(m -> num(gflopsOf(m))).orElse("") + " | " + o.map(m -> num(gflopsOf(m))).orElse("")
            + " | " + (s.isPresent() && o.isPresent() ? times(gflopsOf(s.get()) / gflopsOf(o.get())) : "")
            + " | " + speedUp(t, "simdprop", shape, s) + " | " + speedUp(t, "openblas", shape, o)
            + " | " + s.map(m -> percent(gflopsOf(m) / (n * env.peakOneCore()))).orElse("") + " |");
      }
    }
    line("");
  }

  /** How many times faster than the same implementation's one-thread run of the shape this run is; empty without both. */
  private static String speedUp(List<Measured> t, String impl, String shape, Optional<Measured> run) {
    Optional<Measured> one = find(t, impl, "shape", shape, "threads", "1");
    return run.isPresent() && one.isPresent() ? times(one.get().medianMicros() / run.get().medianMicros()) : "";
  }

  private void transposes() {
    List<Measured> t = suite("GemmTransposeBenchmark");
    if (t.isEmpty()) return;
    line("## GEMM transposes, one thread (GFLOP/s)");
    line("");
    line("| shape | simdprop | OpenBLAS | EJML | simdprop ÷ its NN |");
    line("|---|---:|---:|---:|---:|");
    for (String shape : values(t, "shape")) {
      Optional<Measured> nn = find(t, "simdprop", "shape", shape.replaceAll(":..$", ":NN"));
      Optional<Measured> s = find(t, "simdprop", "shape", shape);
      line("| " + shape + " | " + s.map(m -> num(gflopsOf(m))).orElse("") + " | " + find(t, "openblas", "shape", shape).map(m -> num(gflopsOf(m))).orElse("")
          + " | " + find(t, "ejml", "shape", shape).map(m -> num(gflopsOf(m))).orElse("") + " | "
          + (s.isPresent() && nn.isPresent() ? times(nn.get().medianMicros() / s.get().medianMicros()) : "") + " |");
    }
    line("");
  }

  private void vectorShapes() {
    List<Measured> t = suite("GemmVectorBenchmark");
    if (t.isEmpty()) return;
    line("## GEMM matrix-vector shapes, one thread");
    line("");
    line("Products with one row or one column, called as sgemm. GB/s counts the matrix operand read once (4 bytes per float); compare it with STREAM.");
    line("");
    line("| shape | simdprop µs | GB/s | OpenBLAS µs | GB/s | netlib µs | simdprop ÷ OpenBLAS | simdprop ÷ netlib |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (String shape : values(t, "shape")) {
      double bytes = GemmCase.matrixBytes(shape);
      Optional<Measured> s = find(t, "simdprop", "shape", shape), o = find(t, "openblas", "shape", shape), n = find(t, "netlib", "shape", shape);
      line("| " + shape + " | " + s.map(m -> num(m.medianMicros())).orElse("") + " | " + s.map(m -> num(m.perSecond(bytes))).orElse("")
          + " | " + o.map(m -> num(m.medianMicros())).orElse("") + " | " + o.map(m -> num(m.perSecond(bytes))).orElse("")
          + " | " + n.map(m -> num(m.medianMicros())).orElse("")
          + " | " + (s.isPresent() && o.isPresent() ? times(o.get().medianMicros() / s.get().medianMicros()) : "")
          + " | " + (s.isPresent() && n.isPresent() ? times(n.get().medianMicros() / s.get().medianMicros()) : "") + " |");
    }
    line("");
  }

  // ------------------------------------------------------------------ memory-bound kernels

  private void elementwise() {
    List<Measured> e = suite("ElementwiseBenchmark"), cm = suite("CommonsMathElementwiseBenchmark");
    if (e.isEmpty() && cm.isEmpty()) return;
    line("## Broadcast-add, reductions and elementwise (µs per call and GB/s)");
    line("");
    line("GB/s counts the least traffic a call needs (each operand read once, each result written once; 4 bytes per float, "
        + "8 per double for Commons Math). \"mlp\" is the size the lesson's step gives the operation (50×50 hidden "
        + "activations, 50×10 logits, 39,200 first-layer weights for axpy); 1M is 1000×1000. Compare GB/s with STREAM below.");
    line("");
    line("| op | size | simdprop µs | GB/s | naive loop µs | GB/s | Commons Math µs | GB/s | simdprop ÷ naive | simdprop ÷ Commons Math |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    List<Measured> all = new ArrayList<>(e);
    all.addAll(cm);
    for (String op : values(all, "op")) {
      for (String size : values(all, "size")) {
        Optional<Measured> s = find(e, "simdprop", "op", op, "size", size), n = find(e, "naive", "op", op, "size", size),
            c = find(cm, "commonsMath", "op", op, "size", size);
        if (s.isEmpty() && n.isEmpty() && c.isEmpty()) continue;
        int[] shape = ElementwiseBenchmark.shape(op, size);
        double bytes = ElementwiseBenchmark.bytes(op, size);
        line("| " + op + " | " + size + " (" + shape[0] + "×" + shape[1] + ") | " + s.map(m -> num(m.medianMicros())).orElse("") + " | "
            + s.map(m -> num(m.perSecond(bytes))).orElse("") + " | " + n.map(m -> num(m.medianMicros())).orElse("") + " | "
            + n.map(m -> num(m.perSecond(bytes))).orElse("") + " | " + c.map(m -> num(m.medianMicros())).orElse("") + " | "
            + c.map(m -> num(m.perSecond(2 * bytes))).orElse("") + " | "
            + (s.isPresent() && n.isPresent() ? times(n.get().medianMicros() / s.get().medianMicros()) : "") + " | "
            + (s.isPresent() && c.isPresent() ? times(c.get().medianMicros() / s.get().medianMicros()) : "") + " |");
      }
    }
    line("");
  }

  private void stream() {
    List<Measured> s = suite("StreamBenchmark");
    if (s.isEmpty()) return;
    line("## Memory bandwidth, one thread (STREAM-like, GB/s)");
    line("");
    line("| size (floats per array) | copy | scale | add | triad |");
    line("|---|---:|---:|---:|---:|");
    for (String size : values(s, "size")) {
      StringBuilder row = new StringBuilder("| " + size + " |");
      for (String method : List.of("copy", "scale", "add", "triad")) {
        row.append(' ').append(find(s, method, "size", size).map(m -> num(m.perSecond(StreamBenchmark.bytes(method, size)))).orElse("")).append(" |");
      }
      line(row.toString());
    }
    line("");
  }

  // ------------------------------------------------------------------ the training step

  private void mlpStep() {
    List<Measured> m = suite("MlpStepBenchmark");
    if (m.isEmpty()) return;
    line("## One training step of 784-50-10 (forward, cross-entropy, backward, SGD), one thread");
    line("");
    line("| batch | simdprop µs | naive loops µs | speed-up | simdprop samples/s |");
    line("|---:|---:|---:|---:|---:|");
    for (String batch : values(m, "batch")) {
      Optional<Measured> s = find(m, "simdprop", "batch", batch), n = find(m, "naiveLoops", "batch", batch);
      line("| " + batch + " | " + s.map(x -> num(x.medianMicros()) + " ± " + num(x.errorMicros())).orElse("") + " | "
          + n.map(x -> num(x.medianMicros()) + " ± " + num(x.errorMicros())).orElse("") + " | "
          + (s.isPresent() && n.isPresent() ? times(n.get().medianMicros() / s.get().medianMicros()) : "") + " | "
          + s.map(x -> num(Integer.parseInt(batch) / x.medianMicros() * 1e6)).orElse("") + " |");
    }
    line("");
  }

  private void counters() {
    List<Measured> c = suite("CountersOverheadBenchmark");
    Optional<Measured> off = find(c, "step", "counters", "off"), on = find(c, "step", "counters", "on");
    if (off.isEmpty() || on.isEmpty()) return;
    line("## What the demo's performance counters cost (batch-50 step)");
    line("");
    line("| counters off µs | counters on µs | difference |");
    line("|---:|---:|---:|");
    line("| " + num(off.get().medianMicros()) + " ± " + num(off.get().errorMicros()) + " | " + num(on.get().medianMicros()) + " ± "
        + num(on.get().errorMicros()) + " | " + String.format(Locale.ROOT, "%+.1f%%", 100 * (on.get().medianMicros() / off.get().medianMicros() - 1)) + " |");
    line("");
  }

  // ------------------------------------------------------------------ helpers

  static double gflopsOf(Measured m) {
    return m.perSecond(GemmCase.flops(m.param("shape")));
  }

  private List<Measured> suite(String name) {
    return results.stream().filter(m -> m.suite().equals(name)).toList();
  }

  private static List<String> present(List<Measured> in, java.util.Collection<String> order) {
    return order.stream().filter(impl -> in.stream().anyMatch(m -> m.method().equals(impl))).toList();
  }

  /** A parameter's values in the order they first appear. */
  static List<String> values(List<Measured> in, String param) {
    List<String> v = new ArrayList<>();
    for (Measured m : in) if (m.param(param) != null && !v.contains(m.param(param))) v.add(m.param(param));
    return v;
  }

  static Optional<Measured> find(List<Measured> in, String method, String... paramValues) {
    Predicate<Measured> p = m -> m.method().equals(method);
    for (int i = 0; i < paramValues.length; i += 2) {
      String key = paramValues[i], value = paramValues[i + 1];
      p = p.and(m -> value.equals(m.param(key)));
    }
    return in.stream().filter(p).findFirst();
  }

  private static String ratio(List<Measured> in, String a, String b, String shape) {
    Optional<Measured> x = find(in, a, "shape", shape), y = find(in, b, "shape", shape);
    return x.isPresent() && y.isPresent() ? times(y.get().medianMicros() / x.get().medianMicros()) : "";
  }

  private static String num(double v) {
    if (Double.isNaN(v)) return "-";
    // three significant digits; the thresholds sit where rounding would add a fourth
    if (v >= 99.95) return String.format(Locale.ROOT, "%.0f", v);
    if (v >= 9.995) return String.format(Locale.ROOT, "%.1f", v);
    if (v >= 0.9995) return String.format(Locale.ROOT, "%.2f", v);
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String times(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, v >= 10 ? "%.0f×" : "%.2f×", v);
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
  }

  private static String gflops(double v) {
    return Double.isNaN(v) ? "not measured" : String.format(Locale.ROOT, "%.1f GFLOP/s", v);
  }

  private void line(String s) {
    md.append(s).append('\n');
  }
}
