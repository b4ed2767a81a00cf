package dev.simdprop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What Linux says about this machine's CPU: its model and caches (for info, the demo's JSON and the bench report). */
public final class Machine {
  private Machine() {}

  public static String cpuModel() {
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
  public static String caches() {
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
