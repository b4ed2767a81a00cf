package dev.simdprop.cli;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simdprop info}: what this JVM and machine give the kernels, and a measured FMA peak. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = {"What the kernels run on, and this machine's measured FMA peak.",
        "The JDK, whether the Vector API kernels are active (and why not), the vector width, the CPU,",
        "its caches, and a measured fp32 FMA peak per core and for all cores (about a second).", ""})
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--no-peak", description = "Skip the FMA peak calibration.")
  boolean noPeak;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf("JDK:      %s (%s, %s)%n", Runtime.version(), System.getProperty("java.vendor"), System.getProperty("java.vm.name"));
    out.printf("kernels:  %s%n", Kernels.implementation());
    if (!Kernels.isVectorized()) out.printf("          fallback because %s%n", Kernels.fallbackReason());
    out.printf("GEMM:     up to %d threads for products from about 16 MFLOP%n", Gemm.threads());
    out.printf("CPU:      %s, %d cores available to the JVM%n", Machine.cpuModel(), cores);
    out.printf("caches:   %s%n", Machine.caches());
    if (noPeak) return 0;
    if (!Kernels.isVectorized()) {
      out.println("peak:     not measured (it measures the Vector API, which is not active)");
      return 0;
    }
    int iterations = 10_000_000;
    double one = FmaPeak.calibrate(3, iterations);
    double all = FmaPeak.allCores(cores, iterations);
    out.printf(Locale.ROOT, "peak:     %.1f GFLOP/s fp32 on one core, %.1f on %d (%d-bit FMA, 12 independent chains)%n",
        one, all, cores, FmaPeak.vectorBits());
    return 0;
  }
}
