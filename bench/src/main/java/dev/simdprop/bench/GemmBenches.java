package dev.simdprop.bench;

import dev.simdprop.kernels.Gemm;
import org.openjdk.jmh.infra.BenchmarkParams;

/** What the GEMM suites share in their setup. */
final class GemmBenches {
  private GemmBenches() {}

  static void threads(int n) {
    Gemm.setThreads(n);
    GemmCase.openblasThreads(n);
  }

  /** No benchmark measures a wrong answer: the implementation this fork times is checked against the double-precision reference. */
  static void check(GemmCase g, BenchmarkParams params) {
    String name = params.getBenchmark();
    String method = name.substring(name.lastIndexOf('.') + 1);
    Object result = run(g, method);
    g.check(method, g.reference(), g.result(result), epsilon(method));
  }

  /** The machine epsilon of the precision an implementation computes in. */
  static double epsilon(String method) {
    boolean doublePrecision = method.equals("simdpropDgemm") || method.equals("openblasDgemm") || method.startsWith("commonsMath");
    return doublePrecision ? Math.ulp(1.0) : Math.ulp(1f);
  }

  static Object run(GemmCase g, String method) {
    return switch (method) {
      case "simdprop" -> g.simdprop();
      case "simdpropOnLines" -> g.simdpropOnLines();
      case "scalarTwin" -> g.scalarTwin();
      case "naiveIjk" -> g.naiveIjk();
      case "naiveIkj" -> g.naiveIkj();
      case "ejml" -> g.ejml();
      case "netlib" -> g.netlib();
      case "openblas" -> g.openblas();
      case "commonsMathArray2DRow" -> g.commonsMathArray2DRow();
      case "commonsMathBlock" -> g.commonsMathBlock();
      case "simdpropDgemm" -> g.simdpropDgemm();
      case "openblasDgemm" -> g.openblasDgemm();
      default -> throw new IllegalArgumentException("no GEMM implementation " + method);
    };
  }
}
