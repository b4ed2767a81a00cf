package dev.simdprop.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench module's own logic, without timing anything: every GEMM implementation the suites
 * time computes the right product in every transpose case (the setup checks depend on it), the
 * plan holds what --quick and --full promise, and the report's arithmetic is right.
 */
class BenchSuitesTest {
  /**
   * Every implementation but netlib's, in this JVM. netlib's start-up loads its binding to the
   * system's libblas, which must not share a JVM with bytedeco's OpenBLAS (see {@link GemmCase#netlib}):
   * it is checked in a JVM of its own below, as the suites' forks run it.
   */
  @Test
  void everyGemmImplementationComputesTheProductInEveryTransposeCase() {
    List<String> here = BenchReport.GEMM_NAMES.keySet().stream().filter(impl -> !impl.equals("netlib")).toList();
    assertThat(here).contains("simdprop", "openblas", "openblasDgemm", "commonsMathBlock");
    ForkProbe.checkEveryCase(here);
  }

  @Test
  void netlibComputesTheProductInEveryTransposeCaseInAJvmOfItsOwn() throws Exception {
    assertThat(fork("netlib")).contains("checked: [netlib]");
  }

  /**
   * A fork's set-up for OpenBLAS in a JVM of its own (the suites' forks are fresh JVMs): bytedeco's
   * OpenBLAS, the pinned one, must answer the calls, not a system BLAS that another library loaded
   * first (netlib's binding to libblas.so.3 did, until 2026-11-27).
   */
  @Test
  void theOpenblasTimedIsBytedecosPinnedOneInAFreshFork() throws Exception {
    assertThat(fork("openblas", "openblasDgemm")).contains("answered by: OpenBLAS " + GemmCase.PINNED_OPENBLAS + " ");
    assertThat(GemmCase.PINNED_OPENBLAS).matches("\\d+\\.\\d+\\.\\d+");
  }

  /**
   * The narrow-tile bound's set-up checks its broadcast form, simdprop and OpenBLAS against the
   * reference (and throws if any is off); then each timed method runs once. 512-bit vectors only, as the class says.
   */
  @Test
  void theNarrowTileBoundComputesTheProductItTimes() {
    org.junit.jupiter.api.Assumptions.assumeTrue(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() == 16, "needs 512-bit vectors");
    NarrowTileBoundBenchmark bound = new NarrowTileBoundBenchmark();
    bound.setUp();
    try {
      assertThat(bound.fmaBound()).hasSize(50 * 16);
      assertThat(bound.broadcastForm()).hasSize(50 * 16);
      assertThat(bound.simdprop()).isNotNull();
      assertThat(bound.openblas()).isNotNull();
    } finally {
      bound.tearDown();
    }
  }

  /** Runs {@link ForkProbe} on the implementations in a new JVM and returns its output; fails unless it exits 0. */
  private static String fork(String... implementations) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), ForkProbe.class.getName()));
    command.addAll(List.of(implementations));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  /** What a fork of the GEMM suites does before it times: a case, the thread count, the check; here for every transpose case. */
  static final class ForkProbe {
    public static void main(String[] args) {
      checkEveryCase(List.of(args));
      System.out.println("checked: " + List.of(args));
      if (String.join(" ", args).contains("openblas")) System.out.println("answered by: " + GemmCase.openblasConfig());
      if (List.of(args).contains("simdpropOnLines")) {
        GemmCase g = new GemmCase("64x50x784:NT");
        g.simdpropOnLines();
        System.out.println("operands on lines: " + g.operandsOnLines());
        g.close();
      }
    }

    static void checkEveryCase(List<String> implementations) {
      for (String op : List.of("NN", "NT", "TN", "TT")) {
        for (String dims : List.of("1x1x1", "7x5x3", "13x17x11", "10x50x50")) {
          GemmCase g = new GemmCase(dims + ":" + op);
          GemmBenches.threads(1); // after the case, as in GemmSuiteState.setUp: the order the netlib bug needed
          double[] want = g.reference();
          for (String impl : implementations) g.check(impl, want, g.result(GemmBenches.run(g, impl)), GemmBenches.epsilon(impl));
          g.close();
        }
      }
    }
  }

  @Test
  void aWrongProductIsCaught() {
    GemmCase g = new GemmCase("7x5x3:NT");
    double[] want = g.reference(), got = g.result(g.simdprop());
    got[12] += 1e-3;
    assertThatThrownBy(() -> g.check("simdprop", want, got, Math.ulp(1f))).hasMessageContaining("differs from the reference at 12");
  }

  @Test
  void quickPlanIsSmallFullPlanHoldsEveryDeclaredShape() {
    int quick = Suites.plan(false, new String[] {"1", "2"}).stream().mapToInt(Suites.Suite::count).sum();
    int full = Suites.plan(true, new String[] {"1", "2"}).stream().mapToInt(Suites.Suite::count).sum();
    assertThat(quick).isBetween(40, 70);
    assertThat(full).isGreaterThan(260);
    Suites.Suite gemm = Suites.plan(true, new String[] {"1"}).get(0);
    assertThat(gemm.params().get("shape")).hasSize(29).contains("1024x1024x1024:NN", "50x784x50:TN", "64x50x784:NN", "50x10x50:NN", "784x50x64:TN");
    Suites.Suite threads = Suites.plan(false, new String[] {"1", "2", "4"}).get(1);
    assertThat(threads.params().get("threads")).containsExactly("1", "2", "4");
    Suites.Suite filtered = gemm.filtered(Pattern.compile("Gemm.*(openblas|ejml)$"));
    assertThat(filtered.methods()).containsExactly("ejml", "openblas");
  }

  @Test
  void reportComputesRatesAndRatiosFromMedians() {
    // 256³ is 33.554432 MFLOP: 335.5 µs is 100 GFLOP/s, 167.8 µs is 200
    List<Measured> results = List.of(
        new Measured("GemmBenchmark", "simdprop", Map.of("shape", "256x256x256:NN"), 335.54432, 3, 15),
        new Measured("GemmBenchmark", "openblas", Map.of("shape", "256x256x256:NN"), 167.77216, 2, 15),
        new Measured("GemmBenchmark", "naiveIkj", Map.of("shape", "256x256x256:NN"), 3355.4432, 40, 15),
        new Measured("StreamBenchmark", "triad", Map.of("size", "16M"), 10066.3296, 50, 15));
    BenchReport.Environment env = new BenchReport.Environment("2026-11-26", "test CPU", 2, "L2 2048K", "25", "vector", 200, 400,
        "SkylakeX", "VectorBLAS", "", "--quick", Suites.QUICK, "0 min 01 s");
    String md = BenchReport.write(results, env, List.of("GemmBenchmark.ejml (0 of 1)"), List.of());
    assertThat(md).contains("| 256x256x256:NN | 100 | 10.0 | 200 | 10× | 0.50× | 50% |");
    // triad moves 12 bytes per element: 16M elements × 12 B in 10.07 ms = 20.0 GB/s
    assertThat(md).contains("| 16M |  |  |  | 20.0 |");
    assertThat(md).contains("**no result**", "GemmBenchmark.ejml (0 of 1)");
  }

  @Test
  void reportAddsTheOnLinesRatioWhenThatVariantRan() {
    List<Measured> results = List.of(
        new Measured("GemmBenchmark", "simdprop", Map.of("shape", "256x256x256:NN"), 335.54432, 3, 15),
        new Measured("GemmBenchmark", "simdpropOnLines", Map.of("shape", "256x256x256:NN"), 223.69621, 3, 15),
        new Measured("GemmBenchmark", "openblas", Map.of("shape", "256x256x256:NN"), 167.77216, 2, 15));
    BenchReport.Environment env = new BenchReport.Environment("2026-11-27", "test CPU", 2, "L2 2048K", "25", "vector", 200, 400,
        "SkylakeX", "VectorBLAS", "", "--full", Suites.FULL, "0 min 01 s");
    String md = BenchReport.write(results, env, List.of(), List.of());
    // 150 GFLOP/s on lines against OpenBLAS's 200
    assertThat(md).contains("| shape | simdprop | simdprop, operands on lines | OpenBLAS | simdprop ÷ naive i-k-j | simdprop ÷ OpenBLAS | on lines ÷ OpenBLAS |");
    assertThat(md).contains("| 256x256x256:NN | 100 | 150 | 200 |  | 0.50× | 0.75× | 50% |");
  }

  @Test
  void threadsReportGivesEachImplementationsSpeedUpOverItsOneThread() {
    // 1024³ is 2147.48 MFLOP: 10737.4 µs is 200 GFLOP/s, 8589.9 µs 250
    List<Measured> results = List.of(
        new Measured("GemmThreadsBenchmark", "simdprop", Map.of("shape", "1024x1024x1024:NN", "threads", "1"), 10737.41824, 50, 10),
        new Measured("GemmThreadsBenchmark", "simdprop", Map.of("shape", "1024x1024x1024:NN", "threads", "2"), 5965.23236, 50, 10),
        new Measured("GemmThreadsBenchmark", "openblas", Map.of("shape", "1024x1024x1024:NN", "threads", "1"), 8589.93459, 50, 10),
        new Measured("GemmThreadsBenchmark", "openblas", Map.of("shape", "1024x1024x1024:NN", "threads", "2"), 7158.27883, 50, 10));
    BenchReport.Environment env = new BenchReport.Environment("2026-11-27", "test CPU", 2, "L2 2048K", "25", "vector", 200, 400,
        "SkylakeX", "VectorBLAS", "", "--full", Suites.FULL, "0 min 01 s");
    String md = BenchReport.write(results, env, List.of(), List.of());
    assertThat(md).contains("| 1024x1024x1024:NN | 1 | 200 | 250 | 0.80× | 1.00× | 1.00× | 100% |");
    // two threads: simdprop 360 GFLOP/s (1.80× its one), OpenBLAS 300 (1.20× its one); 360 of 2 × 200 is 90%
    assertThat(md).contains("| 1024x1024x1024:NN | 2 | 360 | 300 | 1.20× | 1.80× | 1.20× | 90% |");
  }

  /** The on-lines variant's operands start on cache lines in a fork (which has native access), and it still computes the product. */
  @Test
  void theOnLinesVariantPlacesItsOperandsOnLines() throws Exception {
    assertThat(fork("simdpropOnLines")).contains("checked: [simdpropOnLines]", "operands on lines: true");
  }
}
