package dev.simdprop.cli;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.DoubleAdder;
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
    out.printf("CPU:      %s, %d cores available to the JVM%n", cpuModel(), cores);
    out.printf("caches:   %s%n", caches());
    if (noPeak) return 0;
    if (!Kernels.isVectorized()) {
      out.println("peak:     not measured (it measures the Vector API, which is not active)");
      return 0;
    }
    int iterations = 10_000_000;
    double one = FmaPeak.calibrate(3, iterations);
    double all = allCores(cores, iterations);
    out.printf(Locale.ROOT, "peak:     %.1f GFLOP/s fp32 on one core, %.1f on %d (%d-bit FMA, 12 independent chains)%n",
        one, all, cores, FmaPeak.vectorBits());
    return 0;
  }

  /** Every core runs the calibration at once; the sum of their best rounds. */
  private static double allCores(int cores, int iterations) throws InterruptedException {
    DoubleAdder total = new DoubleAdder();
    CountDownLatch done = new CountDownLatch(cores);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < cores; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        total.add(FmaPeak.calibrate(3, iterations));
        done.countDown();
      }));
    }
    done.await();
    return total.sum();
  }

  static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable
    }
    return System.getProperty("os.arch") + " (model unknown)";
  }

  /** e.g. "L1d 48K, L1i 64K, L2 2048K, L3 491520K (per cpu0)", from Linux's sysfs. */
  private static String caches() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + i);
      if (!Files.isDirectory(dir)) break;
      try {
        String level = Files.readString(dir.resolve("level")).trim(), type = Files.readString(dir.resolve("type")).trim();
        String size = Files.readString(dir.resolve("size")).trim();
        String suffix = type.equals("Data") ? "d" : type.equals("Instruction") ? "i" : "";
        parts.add("L" + level + suffix + " " + size);
      } catch (IOException | RuntimeException e) {
        break;
      }
    }
    return parts.isEmpty() ? "unknown" : String.join(", ", parts) + " (as seen by cpu0)";
  }
}
