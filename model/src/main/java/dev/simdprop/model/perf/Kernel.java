package dev.simdprop.model.perf;

/**
 * The kernel calls a training step makes, each with the work it does for a shape. Shapes are
 * (m, n, k): GEMMs compute an m×n result over k; row kernels work on m rows of n; flat elementwise
 * kernels on n elements (m = k = 1). FLOPs are 2mnk for a GEMM and one per element per arithmetic
 * operation elsewhere (exp and log count as one). Bytes are the least memory traffic: every operand
 * read once and the result written once, 4 bytes per float.
 */
public enum Kernel {
  SGEMM_NT_BIAS("sgemm x·Wᵀ+b", "gemm"),
  SGEMM_NT_BIAS_RELU("sgemm relu(x·Wᵀ+b)", "gemm"),
  SGEMM_TN("sgemm dW = doutᵀ·x", "gemm"),
  SGEMM_TN_ACCUMULATE("sgemm dW += doutᵀ·x", "gemm"),
  SGEMM_NN("sgemm dx = dout·W", "gemm"),
  COLUMN_SUMS("columnSums db = dout.sum(0)", "rows"),
  RELU("relu", "flat"),
  RELU_BACKWARD("reluBackward", "flat"),
  LOG_SOFTMAX_ROWS("logSoftmaxRows", "rows"),
  ROW_ARGMAX("rowArgmax", "rows"),
  EXP("exp", "flat"),
  ADD("add", "flat"),
  SCALE("scale", "flat"),
  AXPY("axpy", "flat");

  private final String label, form;

  Kernel(String label, String form) {
    this.label = label;
    this.form = form;
  }

  public String label() {
    return label;
  }

  /** The shape as it reads best for this kernel: "m×n×k" for a GEMM, "m×n" for rows, "n" for flat kernels. */
  public String shape(int m, int n, int k) {
    return switch (form) {
      case "gemm" -> m + "×" + n + "×" + k;
      case "rows" -> m + "×" + n;
      default -> Integer.toString(n);
    };
  }

  public long flops(int m, int n, int k) {
    long mn = (long) m * n;
    return switch (this) {
      case SGEMM_NT_BIAS -> 2 * mn * k + mn;
      case SGEMM_NT_BIAS_RELU -> 2 * mn * k + 2 * mn;
      case SGEMM_TN_ACCUMULATE -> 2 * mn * k + mn;
      case SGEMM_TN, SGEMM_NN -> 2 * mn * k;
      case COLUMN_SUMS, RELU, RELU_BACKWARD, ROW_ARGMAX, EXP, ADD, SCALE -> mn;
      case LOG_SOFTMAX_ROWS -> 5 * mn; // max, subtract, exp, sum, log and subtract again
      case AXPY -> 2 * mn;
    };
  }

  public long bytes(int m, int n, int k) {
    long mn = (long) m * n, mk = (long) m * k, kn = (long) k * n;
    long floats = switch (this) {
      case SGEMM_NT_BIAS, SGEMM_NT_BIAS_RELU -> mk + kn + n + mn;
      case SGEMM_TN_ACCUMULATE -> mk + kn + 2 * mn; // C is read and written
      case SGEMM_TN, SGEMM_NN -> mk + kn + mn;
      case COLUMN_SUMS -> mn + n;
      case RELU, EXP, SCALE, LOG_SOFTMAX_ROWS -> 2 * mn;
      case RELU_BACKWARD, ADD, AXPY -> 3 * mn;
      case ROW_ARGMAX -> mn + m;
    };
    return 4 * floats;
  }
}
