package dev.simdprop.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The {@code simdprop} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (command) {
      case "demo":
        return KernelDemo.run(rest, out, err);
      case "help", "--help", "-h":
        usage(out);
        return 0;
      default:
        err.println("simdprop: unknown command '" + command + "'");
        usage(err);
        return 2;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: simdprop <command> [options]");
    out.println();
    out.println("commands:");
    out.println("  demo [--quick]   the lesson's matrix products on this machine: naive loops against simdprop's kernels");
    out.println("  help             this text");
  }
}
