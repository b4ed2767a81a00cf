package dev.simdprop.tests.kernels;

import dev.simdprop.kernels.impl.KernelSet;
import dev.simdprop.kernels.impl.Provider;
import java.util.ArrayList;
import java.util.List;

/** The kernel implementations every conformance test runs on the same inputs. */
final class Implementations {
  private Implementations() {}

  /** The public API (argument checks + the provider's choice), the scalar twins, and the Vector API kernels when this JVM can run them. */
  static final List<KernelSet> ALL = all();

  static final KernelSet SCALAR = Provider.scalar();

  /** The Vector API kernels, or null when this JVM lacks the module. */
  static final KernelSet VECTOR = Provider.vectorUnavailableReason() == null ? Provider.vector() : null;

  private static List<KernelSet> all() {
    List<KernelSet> list = new ArrayList<>();
    list.add(new PublicApiKernels());
    list.add(Provider.scalar());
    if (Provider.vectorUnavailableReason() == null) list.add(Provider.vector());
    return List.copyOf(list);
  }
}
