package dev.simdprop.cli;

import dev.simdprop.model.Trainer.EpochStats;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** --plot: train and valid loss (left axis) and valid accuracy (right axis) against epoch, as a PNG made with XChart. */
final class TrainingPlot {
  private TrainingPlot() {}

  static void write(Path png, String title, List<EpochStats> epochs) throws IOException {
    int n = epochs.size();
    double[] epoch = new double[n], train = new double[n], valid = new double[n], accuracy = new double[n];
    for (int i = 0; i < n; i++) {
      EpochStats e = epochs.get(i);
      epoch[i] = e.epoch();
      train[i] = e.trainLoss();
      valid[i] = e.validLoss();
      accuracy[i] = e.validAccuracy();
    }
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle("loss").build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.addSeries("train loss", epoch, train).setMarker(SeriesMarkers.CIRCLE);
    chart.addSeries("valid loss", epoch, valid).setMarker(SeriesMarkers.CIRCLE);
    XYSeries acc = chart.addSeries("valid accuracy", epoch, accuracy);
    acc.setMarker(SeriesMarkers.DIAMOND);
    acc.setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, "accuracy");
    chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
