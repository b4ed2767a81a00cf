package dev.simdprop.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simdprop matmul}: the lesson's matrix products, naive against simdprop. */
@Command(name = "matmul", mixinStandardHelpOptions = true,
    description = "The lesson's matrix products on this machine: 01_matmul's naive loop against simdprop's sgemm.")
final class KernelDemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "A smaller third product (5,000 rows instead of 50,000).")
  boolean quick;

  @Override
  public Integer call() {
    return KernelDemo.run(quick, spec.commandLine().getOut());
  }
}
