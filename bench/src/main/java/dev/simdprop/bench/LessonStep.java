package dev.simdprop.bench;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.model.CrossEntropy;
import dev.simdprop.model.Init;
import dev.simdprop.model.Matrix;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.Sgd;
import dev.simdprop.model.Trainer;
import dev.simdprop.model.data.Idx;
import java.io.IOException;
import java.util.Arrays;

/**
 * What the training-step benchmarks time: the lesson's 784-50-10 MLP (PyTorch's init, seed 1,
 * cross-entropy, SGD at lr 0.01) on the first {@code batch} bundled digits, with one GEMM thread.
 */
final class LessonStep {
  static final float LR = 0.01f;

  final Sequential model = Sequential.mlp(784, 50, 10);
  final Trainer trainer;
  final Matrix x;
  final int[] y;

  LessonStep(int batch) throws IOException {
    Gemm.setThreads(1);
    var data = Idx.loadBundled("train");
    x = new Matrix(batch, 784, Arrays.copyOfRange(data.features(), data.offset(), data.offset() + batch * 784));
    y = Arrays.copyOf(data.labels(), batch);
    Init.PYTORCH.apply(model, 1);
    trainer = new Trainer(model, new CrossEntropy(), new Sgd(model.parameters(), LR, 0f, 0f));
  }

  float step() {
    return trainer.step(x, y);
  }
}
