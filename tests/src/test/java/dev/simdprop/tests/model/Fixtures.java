package dev.simdprop.tests.model;

import dev.simdprop.model.checkpoint.Safetensors;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The PyTorch fixtures (see resources/fixtures/make_torch_fixtures.py). */
final class Fixtures {
  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + name + ".safetensors").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Safetensors.Tensor> read(String name) throws Exception {
    return Safetensors.read(path(name));
  }

  static int[] labels(Safetensors.Tensor t, int from, int count) {
    int[] y = new int[count];
    for (int i = 0; i < count; i++) y[i] = Math.round(t.values()[from + i]);
    return y;
  }
}
