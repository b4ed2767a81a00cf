package dev.simdprop.kernels.impl;

import java.lang.management.ManagementFactory;

/**
 * Chooses the kernel implementation once, at class initialisation: the Vector API when the
 * {@code jdk.incubator.vector} module is present, C2 compiles and the preferred species is at least
 * 128 bits; otherwise the scalar twins. {@code -Dsimdprop.vector=false} forces the scalar twins.
 * Logs one line saying which, and on fallback why and what to change.
 */
public final class Provider {
  public static final String VECTOR_PROPERTY = "simdprop.vector";
  public static final String VECTOR_FLAG = "--add-modules jdk.incubator.vector";

  private static final String VECTOR_CLASS = "dev.simdprop.kernels.impl.VectorKernels";

  /** The chosen implementation. */
  public static final KernelSet ACTIVE;
  /** Why the scalar twins were chosen, or null when the Vector API is active. */
  public static final String FALLBACK_REASON;

  static {
    String reason = vectorUnavailableReason();
    if (reason == null && "false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY))) {
      reason = "disabled by -D" + VECTOR_PROPERTY + "=false";
    }
    ACTIVE = reason == null ? loadVector() : ScalarKernels.INSTANCE;
    FALLBACK_REASON = reason;
    System.Logger log = System.getLogger("dev.simdprop.kernels");
    if (reason == null) {
      log.log(System.Logger.Level.INFO, "simdprop kernels: " + ACTIVE.name());
    } else {
      log.log(System.Logger.Level.INFO, "simdprop kernels: scalar (" + reason + ")");
    }
  }

  private Provider() {}

  /** The scalar reference twins. */
  public static KernelSet scalar() {
    return ScalarKernels.INSTANCE;
  }

  /** The Vector API implementation, whether or not it is active; throws if this JVM cannot run it. */
  public static KernelSet vector() {
    String reason = vectorUnavailableReason();
    if (reason != null) throw new IllegalStateException("Vector API kernels unavailable: " + reason);
    return loadVector();
  }

  /** Null when the Vector API implementation can run here, else the reason and the fix. */
  public static String vectorUnavailableReason() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "module jdk.incubator.vector is not present; start java with " + VECTOR_FLAG;
    }
    String noC2 = c2Missing();
    if (noC2 != null) return noC2 + "; the Vector API is only fast when C2 compiles it";
    try {
      return (String) Class.forName(VECTOR_CLASS).getDeclaredMethod("unusableReason").invoke(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return "the Vector API implementation failed to load: " + e;
    }
  }

  private static KernelSet loadVector() {
    try {
      return (KernelSet) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Vector API kernels failed to load", e);
    }
  }

  /** Null when C2 runs (or when this JVM cannot say); otherwise what disables it. */
  private static String c2Missing() {
    if (System.getProperty("java.vm.info", "").contains("interpreted mode")) return "the JVM runs interpreted (-Xint)";
    if (System.getProperty("java.vm.name", "").contains("Client")) return "the client VM has no C2";
    try {
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("-XX:TieredStopAtLevel=") && !arg.endsWith("=4")) return "C2 is disabled by " + arg;
      }
    } catch (LinkageError | RuntimeException e) {
      // java.management is not in this module graph: nothing more can be asked.
    }
    return null;
  }
}
