package dev.simdprop.bench;

import dev.simdprop.cli.FmaPeak;
import dev.simdprop.cli.Machine;
import dev.simdprop.cli.Main;
import dev.simdprop.kernels.Kernels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simdprop bench}: runs the JMH suites through JMH's runner API and writes the raw JSON,
 * report.md and the charts into one folder.
 */
@Command(name = "simdprop bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the benchmark suites and writes a report: simdprop against naive loops,",
        "Commons Math, EJML, netlib's Java BLAS and OpenBLAS, as GFLOP/s or GB/s, ratios",
        "and %% of this machine's measured peak. --quick (the default) takes about",
        "3 minutes on 2 cores; --full takes nearly two hours (465 benchmarks).", ""})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--quick", description = "A few shapes per suite, 1 fork, short iterations (the default).")
  boolean quick;

  @Option(names = "--full", description = "Every shape of every suite, 2 forks, longer iterations.")
  boolean full;

  @Option(names = "--include", paramLabel = "REGEX", description = "Only benchmarks whose Suite.method matches, e.g. 'Gemm.*openblas|MlpStep'.")
  String include;

  @Option(names = "--threads", split = ",", paramLabel = "N[,N...]", defaultValue = "1,2",
      description = "Thread counts of the threaded GEMM suite (default ${DEFAULT-VALUE}); the other suites run on one thread.")
  String[] threads;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default bench-results/<date-time>/).")
  Path out;

  @Option(names = "--list", description = "Print what would run, and run nothing.")
  boolean list;

  public static void main(String[] args) {
    CommandLine cmd = new CommandLine(new BenchCommand());
    cmd.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("simdprop bench: " + Main.describe(e));
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    System.exit(cmd.execute(args));
  }

  @Override
  public Integer call() throws IOException, RunnerException, InterruptedException {
    if (quick && full) throw new IllegalArgumentException("--quick and --full: choose one");
    for (String t : threads) {
      if (!t.matches("[1-9][0-9]*")) throw new IllegalArgumentException("--threads " + t + ": thread counts are whole numbers >= 1");
    }
    Pattern includePattern;
    try {
      includePattern = Pattern.compile(include == null ? "" : include);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--include " + include + ": " + e.getDescription());
    }
    List<Suites.Suite> plan = new ArrayList<>();
    for (Suites.Suite s : Suites.plan(full, threads)) {
      Suites.Suite kept = s.filtered(includePattern);
      if (!kept.methods().isEmpty()) plan.add(kept);
    }
    int total = plan.stream().mapToInt(Suites.Suite::count).sum();
    if (total == 0) throw new IllegalArgumentException("--include " + include + " matches no benchmark (--list shows them all)");
    Suites.Timing timing = full ? Suites.FULL : Suites.QUICK;
    PrintStream con = System.out;
    if (list) {
      for (Suites.Suite s : plan) {
        con.printf("%s (%s): %s%n", s.type().getSimpleName(), s.title(), String.join(", ", s.methods()));
        s.params().forEach((k, v) -> con.printf("    %s = %s%n", k, String.join(", ", v)));
      }
      con.printf("%d benchmarks%n", total);
      return 0;
    }
    LocalDateTime started = LocalDateTime.now();
    Path dir = out != null ? out : Path.of("bench-results", started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss")));
    Files.createDirectories(dir.resolve("raw"));
    con.printf("simdprop bench %s: %d benchmarks into %s%n", full ? "--full" : "--quick", total, dir);

    int cores = Runtime.getRuntime().availableProcessors();
    double peakOne = Double.NaN, peakAll = Double.NaN;
    if (Kernels.isVectorized()) {
      con.print("calibrating the FMA peak ... ");
      peakOne = FmaPeak.calibrate(5, 10_000_000);
      peakAll = FmaPeak.allCores(cores, 10_000_000);
      con.printf(Locale.ROOT, "%.1f GFLOP/s on one core, %.1f on %d%n", peakOne, peakAll, cores);
    }
    String openblas = GemmCase.openblasConfig();
    String netlib = forkedNetlibImplementation();

    ProgressOutput progress = new ProgressOutput(con, total);
    // The benchmark JVMs' own output (JVM warnings, the kernels' start-up log, JMH's details) goes to bench.log.
    Path logFile = dir.resolve("bench.log");
    PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, java.nio.charset.StandardCharsets.UTF_8);
    PrintStream savedOut = System.out, savedErr = System.err;
    System.setOut(log);
    System.setErr(log);
    List<Measured> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      runSuites(plan, timing, dir, progress, log, results, failed);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
      log.close();
    }
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    mergeJson(dir);

    List<String> charts = new ArrayList<>();
    BenchCharts.gemmSquares(results, dir).ifPresent(charts::add);
    BenchCharts.gemmMlpShapes(results, dir).ifPresent(charts::add);
    String notes = System.getenv().getOrDefault("SIMDPROP_BENCH_UNSET", "");
    BenchReport.Environment env = new BenchReport.Environment(started.toLocalDate().toString(), Machine.cpuModel(), cores,
        Machine.caches(), Runtime.version() + " (" + System.getProperty("java.vendor") + ")", Kernels.implementation(), peakOne, peakAll,
        openblas, netlib, notes.isEmpty() ? "" : "unset for the run (they would pin OpenBLAS's kernel or cache size): " + notes,
        full ? "--full" : "--quick", timing, String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60));
    Files.writeString(dir.resolve("report.md"), BenchReport.write(results, env, failed, charts));
    con.printf("wrote %s (report.md, jmh-results.json, %s)%n", dir, charts.isEmpty() ? "no charts" : String.join(", ", charts));
    if (!failed.isEmpty()) con.println("no result for: " + String.join(", ", failed) + " (" + logFile + " says why)");
    return failed.isEmpty() ? 0 : 1;
  }

  private static void runSuites(List<Suites.Suite> plan, Suites.Timing timing, Path dir, ProgressOutput progress, PrintStream log,
      List<Measured> results, List<String> failed) throws RunnerException {
    for (Suites.Suite s : plan) {
      // One JMH run per value of the suite's first parameter (the shape, or the size), so that all
      // implementations of one shape are timed within a minute or two of each other: JMH alone runs
      // every shape of one implementation before the next, and this VM drifts 5-15% in 20 minutes.
      String first = s.params().isEmpty() ? null : s.params().keySet().iterator().next();
      String[] values = first == null ? new String[] {null} : s.params().get(first);
      List<RunResult> run = new ArrayList<>();
      for (int v = 0; v < values.length; v++) {
        String name = s.type().getSimpleName() + (first == null ? "" : String.format(Locale.ROOT, "-%02d", v));
        ChainedOptionsBuilder o = new OptionsBuilder()
            .include("^" + Pattern.quote(s.type().getName()) + "\\.(" + String.join("|", s.methods()) + ")$")
            .forks(timing.forks()).warmupIterations(timing.warmups()).measurementIterations(timing.iterations())
            .warmupTime(TimeValue.milliseconds(timing.millis())).measurementTime(TimeValue.milliseconds(timing.millis()))
            .timeUnit(TimeUnit.MICROSECONDS).shouldFailOnError(false)
            .result(dir.resolve("raw").resolve(name + ".json").toString()).resultFormat(ResultFormatType.JSON);
        for (var p : s.params().entrySet()) o.param(p.getKey(), p.getKey().equals(first) ? new String[] {values[v]} : p.getValue());
        try {
          run.addAll(new Runner(o.build(), progress).run());
        } finally {
          log.flush();
        }
      }
      for (RunResult r : run) results.add(Measured.of(r));
      for (String method : s.methods()) {
        long got = run.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method)).count();
        if (got < s.count() / s.methods().size()) failed.add(s.type().getSimpleName() + "." + method + " (" + got + " of " + s.count() / s.methods().size() + ")");
      }
    }
  }

  /** The JVM that runs the suites has the incubator module; ask one like it which BLAS netlib picks there. */
  private static String forkedNetlibImplementation() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        NetlibProbe.class.getName()).redirectErrorStream(false).start();
    String name = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return name.isEmpty() ? "(unknown)" : name;
  }

  /** The JSON of every suite as one JMH-format array. */
  private static void mergeJson(Path dir) throws IOException {
    List<String> parts = new ArrayList<>();
    try (var files = Files.list(dir.resolve("raw"))) {
      for (Path f : files.sorted().toList()) {
        String text = Files.readString(f).trim();
        if (text.length() > 2) parts.add(text.substring(1, text.length() - 1).trim());
      }
    }
    Files.writeString(dir.resolve("jmh-results.json"), "[\n" + String.join(",\n", parts) + "\n]\n");
  }

  /** Prints the class of netlib's Java BLAS in this JVM. */
  public static final class NetlibProbe {
    public static void main(String[] args) {
      System.out.println(GemmCase.netlibImplementation());
    }
  }
}
