/**
 * simdprop's kernels: GEMM, broadcast-add, reductions and elementwise operations on {@code float[]}
 * (and GEMM on {@code double[]}), row-major.
 *
 * <p>The Vector API is optional: with {@code --add-modules jdk.incubator.vector} the vectorized
 * implementation is used, without it the scalar twins serve (see {@link dev.simdprop.kernels.Kernels}).
 */
module dev.simdprop.kernels {
  requires static jdk.incubator.vector;
  // Only used to ask HotSpot whether C2 runs; absent modules are tolerated.
  requires static java.management;

  exports dev.simdprop.kernels;
}
