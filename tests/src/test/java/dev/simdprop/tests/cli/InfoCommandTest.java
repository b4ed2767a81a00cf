package dev.simdprop.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simdprop.kernels.Kernels;
import org.junit.jupiter.api.Test;

/** {@code simdprop info}: what the kernels run on, and why not the Vector API when they fall back. */
class InfoCommandTest {
  @Test
  void namesTheJdkTheKernelsTheCpuAndTheFallbackReason() {
    TrainCommandTest.Result r = TrainCommandTest.run("info", "--no-peak");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("JDK:      " + Runtime.version(), "kernels:  " + Kernels.implementation(), "CPU:      ", "caches:   ");
    if (Kernels.isVectorized()) assertThat(r.out()).doesNotContain("fallback because");
    else assertThat(r.out()).contains("fallback because " + Kernels.fallbackReason());
  }

  @Test
  void measuresThePeakWhenTheVectorApiIsActive() {
    assumeTrue("vector".equals(System.getProperty("simdprop.expect")), "calibrated once, in the default run");
    TrainCommandTest.Result r = TrainCommandTest.run("info");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("peak:     \\d+\\.\\d GFLOP/s fp32 on one core, \\d+\\.\\d on \\d+ \\(\\d+-bit FMA");
  }
}
