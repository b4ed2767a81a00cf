package dev.simdprop.cli;

import dev.simdprop.model.Linear;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.MeanSquaredError;
import dev.simdprop.model.ReLU;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.Sgd;
import dev.simdprop.model.checkpoint.Safetensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simdprop trace}: 03_backprop's forward and backward pass on a tiny network, every
 * intermediate printed with its name and shape, then one SGD step and the new loss. It runs the
 * same layers and kernels as training (Linear, ReLU, Linear unfused, so l1 and l2 both exist).
 */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One forward and backward pass of a tiny network, every intermediate printed.",
        "A lin-relu-lin MSE network as in 03_backprop's walkthrough, then one SGD step and the new loss.", ""})
final class TraceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", paramLabel = "CSV", description = "Samples, one per line: the inputs then the target, comma-separated. "
      + "Default: six samples of 10 inputs with targets 1,1,1,0,0,0.")
  Path data;

  @Option(names = "--hidden", defaultValue = "2", description = "Hidden units (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(names = "--init", paramLabel = "FILE", description = "Weights as safetensors (0.weight [h, in], 0.bias [h], 2.weight [1, h], 2.bias [1]). "
      + "Default: fixed small weights.")
  Path init;

  @Option(names = "--lr", defaultValue = "0.5", description = "Learning rate of the SGD step (default ${DEFAULT-VALUE}).")
  float lr;

  @Option(names = "--precision", defaultValue = "4", description = "Decimals printed (default ${DEFAULT-VALUE}).")
  int precision;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    if (hidden < 1) throw new IllegalArgumentException("--hidden " + hidden + " must be >= 1");
    if (precision < 0 || precision > 9) throw new IllegalArgumentException("--precision " + precision + " must be 0..9");
    if (!(lr > 0) || Float.isInfinite(lr)) throw new IllegalArgumentException("--lr " + lr + " must be a positive number");
    PrintWriter out = spec.commandLine().getOut();
    float[][] samples = data == null ? defaultSamples() : readCsv(data);
    int n = samples.length, in = samples[0].length - 1;
    Matrix inp = new Matrix(n, in);
    int[] targ = new int[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(samples[i], 0, inp.data(), i * in, in);
      targ[i] = Math.round(samples[i][in]);
    }
    Linear lin1 = new Linear(in, hidden), lin2 = new Linear(hidden, 1);
    ReLU relu = new ReLU();
    Sequential model = new Sequential(List.of(lin1, relu, lin2));
    if (init != null) Safetensors.load(model, init);
    else fixedWeights(lin1, lin2);
    MeanSquaredError mse = new MeanSquaredError();

    print(out, "inp", inp);
    out.println("targ " + java.util.Arrays.toString(targ));
    print(out, "w1", transposed(lin1.weight().value()));
    print(out, "b1", lin1.bias().value());
    print(out, "w2", transposed(lin2.weight().value()));
    print(out, "b2", lin2.bias().value());
    out.println();
    out.println("-- forward");
    Matrix l1 = lin1.forward(inp);
    print(out, "l1 = inp @ w1 + b1", l1);
    Matrix l2 = relu.forward(l1);
    print(out, "l2 = relu(l1)", l2);
    Matrix o = lin2.forward(l2);
    print(out, "out = l2 @ w2 + b2", o);
    float loss = mse.forward(o, targ);
    print(out, "diff = out[:,0] - targ", mse.diff());
    out.println("loss = diff.pow(2).mean() = " + fmt(loss));
    out.println();
    out.println("-- backward");
    Matrix outG = mse.backward();
    print(out, "out.g = 2 * diff[:,None] / n", outG);
    Matrix l2G = lin2.backward(outG);
    print(out, "w2.g = l2.T @ out.g", transposed(lin2.weight().grad()));
    print(out, "b2.g = out.g.sum(0)", lin2.bias().grad());
    print(out, "l2.g = out.g @ w2.T", l2G);
    Matrix l1G = relu.backward(l2G);
    print(out, "l1.g = (l1 > 0).float() * l2.g", l1G);
    lin1.backward(l1G);
    print(out, "w1.g = inp.T @ l1.g", transposed(lin1.weight().grad()));
    print(out, "b1.g = l1.g.sum(0)", lin1.bias().grad());
    out.println();
    out.println("-- SGD step, lr " + lr + ": p -= lr * p.g");
    new Sgd(model.parameters(), lr, 0f, 0f).step();
    float newLoss = mse.forward(model.forward(inp), targ);
    out.println("new loss = " + fmt(newLoss) + " (was " + fmt(loss) + ")");
    return 0;
  }

  /** Fixed small weights, the same every run: a pattern in [-0.5, 0.5] and zero biases, as the walkthrough's hand-set ones. */
  private static void fixedWeights(Linear lin1, Linear lin2) {
    Matrix w1 = lin1.weight().value(), w2 = lin2.weight().value();
    for (int i = 0; i < w1.size(); i++) w1.data()[w1.offset() + i] = ((i * 7 + 3) % 11 - 5) / 10f;
    for (int i = 0; i < w2.size(); i++) w2.data()[w2.offset() + i] = (i % 2 == 0 ? 1 : -1) * (0.5f + 0.1f * i);
  }

  /** Six samples of 10 inputs in a fixed pattern; the first three are shifted up (target 1), the last three down (target 0). */
  private static float[][] defaultSamples() {
    float[][] s = new float[6][11];
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 10; j++) s[i][j] = ((i * 10 + j) * 37 % 19) / 10f - (i < 3 ? 0.5f : 1.2f);
      s[i][10] = i < 3 ? 1 : 0;
    }
    return s;
  }

  private static float[][] readCsv(Path file) throws IOException {
    List<float[]> rows = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file)) {
      lineNo++;
      if (line.isBlank()) continue;
      String[] cells = line.split(",");
      if (cells.length < 2) throw new IllegalArgumentException(file + ":" + lineNo + ": needs at least one input and a target");
      float[] row = new float[cells.length];
      for (int j = 0; j < cells.length; j++) {
        try {
          row[j] = Float.parseFloat(cells[j].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ":" + lineNo + ": '" + cells[j].trim() + "' is not a number");
        }
      }
      if (!rows.isEmpty() && row.length != rows.get(0).length) {
        throw new IllegalArgumentException(file + ":" + lineNo + ": " + row.length + " values, the first line has " + rows.get(0).length);
      }
      rows.add(row);
    }
    if (rows.isEmpty()) throw new IllegalArgumentException(file + ": no samples");
    return rows.toArray(new float[0][]);
  }

  private static Matrix transposed(Matrix m) {
    Matrix t = new Matrix(m.cols(), m.rows());
    for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) t.set(j, i, m.get(i, j));
    return t;
  }

  private String fmt(float v) {
    return String.format(Locale.ROOT, "%." + precision + "f", v);
  }

  private void print(PrintWriter out, String name, Matrix m) {
    out.println(name + "  " + m.shape());
    for (int i = 0; i < m.rows(); i++) {
      StringBuilder row = new StringBuilder("  ");
      for (int j = 0; j < m.cols(); j++) row.append(j == 0 ? "" : " ").append(String.format(Locale.ROOT, "%" + (precision + 4) + "s", fmt(m.get(i, j))));
      out.println(row);
    }
  }
}
