package dev.simdprop.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG charts, drawn with XChart. Each returns its file name, or nothing when its suite did not run. */
final class BenchCharts {
  private BenchCharts() {}

  /** GFLOP/s against n for square GEMMs, one line per implementation, n on a log scale. */
  static Optional<String> gemmSquares(List<Measured> results, Path dir) throws IOException {
    List<Measured> squares = results.stream()
        .filter(m -> m.suite().equals("GemmBenchmark") && isSquare(m.param("shape"))).toList();
    if (BenchReport.values(squares, "shape").size() < 2) return Optional.empty();
    XYChart chart = new XYChartBuilder().width(900).height(560).title("Square sgemm, one thread: GFLOP/s against n")
        .xAxisTitle("n (C = A·B, all n×n)").yAxisTitle("GFLOP/s").build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisDecimalPattern("0");
    for (var e : BenchReport.GEMM_NAMES.entrySet()) {
      List<Double> n = new ArrayList<>(), g = new ArrayList<>();
      for (String shape : BenchReport.values(squares, "shape")) {
        BenchReport.find(squares, e.getKey(), "shape", shape).ifPresent(m -> {
          n.add(Double.parseDouble(shape.substring(0, shape.indexOf('x'))));
          g.add(BenchReport.gflopsOf(m));
        });
      }
      if (!n.isEmpty()) chart.addSeries(e.getValue(), n, g).setMarker(SeriesMarkers.CIRCLE);
    }
    return Optional.of(save(chart, dir, "gemm-square.png"));
  }

  /** Grouped bars for the MLP shapes: one group per shape, one bar per implementation that ran them all. */
  static Optional<String> gemmMlpShapes(List<Measured> results, Path dir) throws IOException {
    List<Measured> mlp = results.stream().filter(m -> m.suite().equals("GemmBenchmark") && !isSquare(m.param("shape"))).toList();
    List<String> shapes = BenchReport.values(mlp, "shape");
    if (shapes.isEmpty()) return Optional.empty();
    CategoryChart chart = new CategoryChartBuilder().width(1200).height(600).title("The MLP's GEMM shapes, one thread: GFLOP/s")
        .xAxisTitle("m x n x k : op").yAxisTitle("GFLOP/s").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setOverlapped(false);
    for (var e : BenchReport.GEMM_NAMES.entrySet()) {
      List<Double> g = new ArrayList<>();
      for (String shape : shapes) BenchReport.find(mlp, e.getKey(), "shape", shape).ifPresent(m -> g.add(BenchReport.gflopsOf(m)));
      if (g.size() == shapes.size()) chart.addSeries(e.getValue(), shapes, g);
    }
    return Optional.of(save(chart, dir, "gemm-mlp.png"));
  }

  private static boolean isSquare(String shape) {
    String[] d = shape.split("[x:]");
    return d[0].equals(d[1]) && d[1].equals(d[2]);
  }

  private static String save(Chart<?, ?> chart, Path dir, String name) throws IOException {
    try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    return name;
  }
}
