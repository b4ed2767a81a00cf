package dev.simdprop.model.perf;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One kernel call, as a JDK Flight Recorder event ({@code jfr print --events simdprop.Kernel FILE}); only with --jfr-kernels. */
@Name("simdprop.Kernel")
@Label("Kernel call")
@Category("simdprop")
@Description("One kernel call of a training step: which kernel, its shape and its floating-point operations")
@StackTrace(false) // thousands per second: a stack trace each would cost more than the kernel
public final class KernelEvent extends Event {
  @Label("Kernel") public String kernel;
  @Label("Shape") @Description("m×n×k for a GEMM, rows×columns for a row kernel, elements for an elementwise one") public String shape;
  @Label("FLOPs") public long flops;
}
