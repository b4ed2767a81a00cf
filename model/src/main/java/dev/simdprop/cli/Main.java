package dev.simdprop.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code simdprop} command line. */
@Command(name = "simdprop", mixinStandardHelpOptions = true, version = "simdprop 0.1.0",
    description = "SIMD kernels for the JVM and the backprop lesson's MLP on them.",
    footer = {"  bench   The benchmark suites and their report (./simdprop bench --help)."},
    subcommands = {DemoCommand.class, TrainCommand.class, InfoCommand.class, TraceCommand.class, KernelDemoCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** One line for an error: the file system's exceptions carry only a path, so say what happened to it. */
  public static String describe(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException f) return f.getFile() + ": no such file or directory";
    if (e instanceof java.nio.file.AccessDeniedException f) return f.getFile() + ": permission denied";
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getFile() + ": " + f.getReason();
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** Runs a command line; returns the exit code (0 ok, 1 failed, 2 bad usage). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler((e, line, parsed) -> {
      CommandLine.ParseResult sub = parsed;
      while (sub.hasSubcommand()) sub = sub.subcommand();
      boolean verbose = sub.hasMatchedOption("--verbose");
      line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + describe(e));
      if (verbose) e.printStackTrace(line.getErr());
      else line.getErr().println("(--verbose shows the stack trace)");
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    if (args.length == 0) {
      cmd.usage(out);
      return 0;
    }
    return cmd.execute(args);
  }
}
