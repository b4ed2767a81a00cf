package dev.simdprop.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code simdprop bench} runs: each suite (a JMH class) with the methods and parameter values
 * of the chosen mode. --quick takes a few values per suite; --full takes every value the classes
 * declare. One JMH run per suite and value of its first parameter (see BenchCommand), since the
 * suites' parameters share names but not values.
 */
final class Suites {
  /** One suite run: a benchmark class, its methods and the parameter values to cross. */
  record Suite(String title, Class<?> type, List<String> methods, Map<String, String[]> params) {
    /** How many benchmarks (method × parameter combination) this suite runs. */
    int count() {
      int combos = 1;
      for (String[] values : params.values()) combos *= values.length;
      return methods.size() * combos;
    }

    Suite filtered(Pattern include) {
      List<String> kept = methods.stream().filter(m -> include.matcher(type.getSimpleName() + "." + m).find()).toList();
      return new Suite(title, type, kept, params);
    }
  }

  /** Timing of one benchmark: forks, warm-up and measured iterations and their length. */
  record Timing(int forks, int warmups, int iterations, int millis) {}

  static final Timing QUICK = new Timing(1, 2, 3, 300);
  static final Timing FULL = new Timing(2, 4, 5, 500);

  private Suites() {}

  static List<Suite> plan(boolean full, String[] threads) {
    List<Suite> s = new ArrayList<>();
    String[] gemmImplementations = {"simdprop", "simdpropOnLines", "scalarTwin", "naiveIjk", "naiveIkj", "ejml", "netlib", "openblas",
        "commonsMathArray2DRow", "commonsMathBlock", "simdpropDgemm", "openblasDgemm"};
    s.add(new Suite("GEMM, one thread", GemmBenchmark.class, List.of(gemmImplementations),
        params("shape", full ? null : new String[] {"256x256x256:NN", "64x50x784:NT"})));
    s.add(new Suite("GEMM threads", GemmThreadsBenchmark.class, List.of("simdprop", "openblas"),
        params("shape", full ? null : new String[] {"512x512x512:NN"}, "threads", threads)));
    s.add(new Suite("GEMM transposes", GemmTransposeBenchmark.class, List.of("simdprop", "openblas", "ejml"),
        params("shape", full ? null : new String[] {"512x512x512:NN", "512x512x512:TT"})));
    s.add(new Suite("GEMM matrix-vector shapes", GemmVectorBenchmark.class, List.of("simdprop", "openblas", "netlib"),
        params("shape", full ? null : new String[] {"1000x1x1000:NN"})));
    s.add(new Suite("Elementwise and reductions", ElementwiseBenchmark.class, List.of("simdprop", "naive"),
        params("size", full ? null : new String[] {"mlp"})));
    s.add(new Suite("Elementwise and reductions, Commons Math", CommonsMathElementwiseBenchmark.class, List.of("commonsMath"),
        params("size", full ? null : new String[] {"mlp"})));
    s.add(new Suite("Memory bandwidth (STREAM)", StreamBenchmark.class, List.of("copy", "scale", "add", "triad"),
        params("size", full ? null : new String[] {"16M"})));
    s.add(new Suite("MLP training step", MlpStepBenchmark.class, List.of("simdprop", "naiveLoops"),
        params("batch", full ? null : new String[] {"64"})));
    s.add(new Suite("Counters overhead", CountersOverheadBenchmark.class, List.of("step"), params()));
    // Parameters left null take every value the class declares.
    List<Suite> resolved = new ArrayList<>();
    for (Suite suite : s) resolved.add(withDeclaredValues(suite));
    return resolved;
  }

  private static Map<String, String[]> params(Object... nameValues) {
    Map<String, String[]> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) m.put((String) nameValues[i], (String[]) nameValues[i + 1]);
    return m;
  }

  /** Fills every parameter of the class (given or not) with its values, from its @Param annotation when not given. */
  private static Suite withDeclaredValues(Suite suite) {
    Map<String, String[]> all = new LinkedHashMap<>();
    for (var field : suite.type().getDeclaredFields()) {
      var param = field.getAnnotation(org.openjdk.jmh.annotations.Param.class);
      if (param == null) continue;
      String[] given = suite.params().get(field.getName());
      all.put(field.getName(), given != null ? given : param.value());
    }
    return new Suite(suite.title(), suite.type(), suite.methods(), all);
  }
}
