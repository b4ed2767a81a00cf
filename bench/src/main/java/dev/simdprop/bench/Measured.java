package dev.simdprop.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

/**
 * One benchmark's result as the report uses it: the median time per operation over every measured
 * iteration of every fork (in microseconds) and JMH's 99.9% confidence half-width around the mean.
 */
record Measured(String suite, String method, Map<String, String> params, double medianMicros, double errorMicros,
    int samples) {

  static Measured of(RunResult r) {
    String name = r.getParams().getBenchmark();
    int dot = name.lastIndexOf('.');
    String suite = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
    Map<String, String> params = new LinkedHashMap<>();
    for (String key : r.getParams().getParamsKeys()) params.put(key, r.getParams().getParam(key));
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult fork : r.getBenchmarkResults()) {
      for (IterationResult it : fork.getIterationResults()) scores.add(it.getPrimaryResult().getScore());
    }
    Collections.sort(scores);
    int n = scores.size();
    double median = n == 0 ? Double.NaN : n % 2 == 1 ? scores.get(n / 2) : (scores.get(n / 2 - 1) + scores.get(n / 2)) / 2;
    double error = r.getPrimaryResult().getScoreError();
    return new Measured(suite, name.substring(dot + 1), params, median, Double.isNaN(error) ? 0 : error, n);
  }

  String param(String key) {
    return params.get(key);
  }

  /** Work per second for a given amount of work per operation (FLOPs → GFLOP/s, bytes → GB/s). */
  double perSecond(double workPerOp) {
    return workPerOp / medianMicros / 1e3;
  }
}
