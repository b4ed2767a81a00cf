package dev.simdprop.tests.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.simdprop.kernels.Gemm;
import dev.simdprop.kernels.Kernels;
import dev.simdprop.kernels.impl.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The provider's choice in each JVM the build starts (surefire sets {@code simdprop.expect}), and
 * in child JVMs started here with the flags that must make it fall back.
 */
class ProviderTest {
  private static final String EXPECT = System.getProperty("simdprop.expect", "");

  @Test
  void choiceMatchesHowThisJvmWasStarted() {
    assumeTrue(!EXPECT.isEmpty(), "run by surefire, which says what to expect");
    switch (EXPECT) {
      case "vector" -> {
        assertThat(Kernels.isVectorized()).isTrue();
        assertThat(Kernels.implementation()).startsWith("vector ").endsWith(", cache-aligned panels)");
        assertThat(Kernels.fallbackReason()).isNull();
      }
      case "vector-256", "vector-128" -> {
        assertThat(Kernels.isVectorized()).isTrue();
        assertThat(Kernels.implementation()).startsWith("vector " + EXPECT.substring("vector-".length()) + "-bit")
            .endsWith(EXPECT.equals("vector-256") ? ", cache-aligned panels)" : ", unaligned panels: no native access)");
      }
      case "scalar-forced" -> {
        assertThat(Kernels.isVectorized()).isFalse();
        assertThat(Kernels.implementation()).isEqualTo("scalar");
        assertThat(Kernels.fallbackReason()).isEqualTo("disabled by -Dsimdprop.vector=false");
        assertThat(Provider.vector().name()).startsWith("vector "); // still there for the comparisons
      }
      case "no-module" -> {
        assertThat(Kernels.isVectorized()).isFalse();
        assertThat(Kernels.fallbackReason()).contains("jdk.incubator.vector is not present", "--add-modules jdk.incubator.vector");
        assertThatThrownBy(Provider::vector).isInstanceOf(IllegalStateException.class);
        assertThat(Implementations.ALL).hasSize(2);
      }
      default -> throw new AssertionError("unknown simdprop.expect=" + EXPECT);
    }
  }

  @Test
  void childJvmsLogOneChoiceAndWhyItFellBack() throws Exception {
    assumeTrue(EXPECT.equals("vector"), "child JVMs are started once, from the default run");
    Child vector = run("--add-modules=jdk.incubator.vector");
    assertThat(vector.stdout).startsWith("vector ").contains("unaligned panels: no native access");
    assertThat(vector.logLines()).containsExactly("INFO: simdprop kernels: " + vector.stdout.lines().findFirst().orElseThrow());
    assertThat(vector.stderr).doesNotContain("restricted method"); // nothing restricted is called without native access
    Child aligned = run("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");
    assertThat(aligned.stdout).startsWith("vector ").contains("cache-aligned panels");
    assertThat(aligned.logLines()).containsExactly("INFO: simdprop kernels: " + aligned.stdout.lines().findFirst().orElseThrow());

    Child noModule = run();
    assertThat(noModule.stdout).startsWith("scalar");
    assertThat(noModule.logLines()).containsExactly("INFO: simdprop kernels: scalar (module jdk.incubator.vector is not present;"
        + " start java with --add-modules jdk.incubator.vector)");

    assertThat(run("--add-modules=jdk.incubator.vector", "-Xint").logLines())
        .containsExactly("INFO: simdprop kernels: scalar (the JVM runs interpreted (-Xint); the Vector API is only fast when C2 compiles it)");
    assertThat(run("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1").logLines())
        .containsExactly("INFO: simdprop kernels: scalar (C2 is disabled by -XX:TieredStopAtLevel=1; the Vector API is only fast when C2 compiles it)");
    assertThat(run("--add-modules=jdk.incubator.vector", "-Dsimdprop.vector=false").logLines())
        .containsExactly("INFO: simdprop kernels: scalar (disabled by -Dsimdprop.vector=false)");
  }

  record Child(String stdout, String stderr) {
    /** The provider's log record (java.util.logging's default format puts the message on the second line). */
    List<String> logLines() {
      return stderr.lines().filter(l -> l.contains("simdprop kernels")).toList();
    }
  }

  private static Child run(String... jvmFlags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ChoicePrinter.class.getName()));
    Process p = new ProcessBuilder(cmd).start();
    byte[] out = p.getInputStream().readAllBytes(), err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = new String(out, StandardCharsets.UTF_8), stderr = new String(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("child %s: %s", cmd, stderr).isZero();
    return new Child(stdout, stderr);
  }

  /** Prints the chosen implementation, after checking a small product and a packed one. */
  public static final class ChoicePrinter {
    public static void main(String[] args) {
      float[] c = new float[4];
      Gemm.mult(2, 2, 2, new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}, c);
      if (c[0] != 19 || c[1] != 22 || c[2] != 43 || c[3] != 50) throw new AssertionError(java.util.Arrays.toString(c));
      // And one big enough to pack B, the path that asks where cache lines start.
      int n = 256;
      float[] ones = new float[n * n], big = new float[n * n];
      java.util.Arrays.fill(ones, 1f);
      Gemm.mult(n, n, n, ones, ones, big);
      if (big[0] != n || big[n * n - 1] != n) throw new AssertionError(big[0] + " " + big[n * n - 1]);
      System.out.println(Kernels.implementation());
    }
  }
}
