package dev.simdprop.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's output reduced to one line per benchmark: which one runs, how many are done and remain,
 * and its score when it ends. Errors JMH reports still come through.
 */
final class ProgressOutput implements OutputFormat {
  private final PrintStream out;
  private final int total;
  private final long startNanos = System.nanoTime();
  private int started;

  ProgressOutput(PrintStream out, int total) {
    this.out = out;
    this.total = total;
  }

  @Override
  public void startBenchmark(BenchmarkParams params) {
    started++;
    StringBuilder p = new StringBuilder();
    for (String key : params.getParamsKeys()) p.append(' ').append(key).append('=').append(params.getParam(key));
    String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.', params.getBenchmark().lastIndexOf('.') - 1) + 1);
    out.printf(Locale.ROOT, "[%d/%d, %d left, %s elapsed] %s%s ... ", started, total, total - started,
        elapsed(), name, p);
    out.flush();
  }

  @Override
  public void endBenchmark(BenchmarkResult result) {
    if (result == null || result.getPrimaryResult() == null) {
      out.println("no result");
      return;
    }
    out.printf(Locale.ROOT, "%.3f %s%n", result.getPrimaryResult().getScore(), result.getScoreUnit());
  }

  private String elapsed() {
    long s = (System.nanoTime() - startNanos) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** Everything JMH says goes to System.out, which simdprop bench points at its log; errors also to the console. */
  @Override
  public void println(String s) {
    System.out.println(s);
    // a failing setup check, a crashed fork
    if (s.contains("ERROR") || s.contains("Exception") || s.contains("<failure>")) out.println(s);
  }

  @Override
  public void print(String s) {
    System.out.print(s);
  }

  @Override
  public void verbosePrintln(String s) {
    System.out.println(s);
  }

  @Override
  public void iteration(BenchmarkParams b, IterationParams i, int n) {}

  @Override
  public void iterationResult(BenchmarkParams b, IterationParams i, int n, IterationResult r) {}

  @Override
  public void startRun() {}

  @Override
  public void endRun(Collection<RunResult> results) {}

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public void close() {}

  @Override
  public void write(int b) {
    System.out.write(b);
  }

  @Override
  public void write(byte[] b) {
    System.out.write(b, 0, b.length);
  }
}
