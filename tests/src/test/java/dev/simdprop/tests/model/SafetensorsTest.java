package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simdprop.model.Init;
import dev.simdprop.model.Parameter;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.checkpoint.Safetensors;
import dev.simdprop.model.data.DataFileException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** safetensors checkpoints: round trips, files written by PyTorch, and refusals that name the tensor. */
class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void saveThenLoadRestoresEveryParameterExactly() throws Exception {
    Sequential a = Sequential.mlp(784, 30, 20, 10), b = Sequential.mlp(784, 30, 20, 10);
    Init.PYTORCH.apply(a, 7);
    Path file = dir.resolve("model.safetensors");
    Safetensors.save(a, file);
    Safetensors.load(b, file);
    for (Map.Entry<String, Parameter> e : a.stateDict().entrySet()) {
      assertThat(b.stateDict().get(e.getKey()).value().toArray()).as(e.getKey()).containsExactly(e.getValue().value().toArray());
    }
    assertThat(Safetensors.read(file).keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
    assertThat(Safetensors.read(file).get("2.weight").shape()).containsExactly(20, 30);
    assertThat(Safetensors.read(file).get("2.bias").shape()).containsExactly(20);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.safetensors"); // no temporary left
    }
    // The data section starts 8-byte aligned, as safetensors recommends.
    long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat((8 + headerLength) % 8).isZero();
  }

  @Test
  void readsAStateDictWrittenByPyTorch() throws Exception {
    Sequential model = Sequential.mlp(784, 50, 10);
    Safetensors.load(model, Fixtures.path("lesson04")); // written by safetensors.torch.save_file
    Map<String, Safetensors.Tensor> t = Fixtures.read("lesson04");
    assertThat(model.stateDict().get("0.weight").value().toArray()).containsExactly(t.get("0.weight").values());
    assertThat(model.stateDict().get("2.bias").value().toArray()).containsExactly(t.get("2.bias").values());
  }

  @Test
  void refusesMissingTensorsWrongShapesAndOtherDtypes() throws Exception {
    Path file = dir.resolve("small.safetensors");
    Safetensors.save(Sequential.mlp(784, 30, 10), file);
    assertThatThrownBy(() -> Safetensors.load(Sequential.mlp(784, 50, 10), file)).isInstanceOf(DataFileException.class)
        .hasMessage(file + ": tensor 0.weight has shape [30, 784] but the model 784-50-10 needs [50, 784]");
    assertThatThrownBy(() -> Safetensors.load(Sequential.mlp(784, 30, 20, 10), file))
        .hasMessage(file + ": tensor 2.weight has shape [10, 30] but the model 784-30-20-10 needs [20, 30]");
    Path other = dir.resolve("f16.safetensors");
    writeRaw(other, "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
    assertThatThrownBy(() -> Safetensors.read(other)).hasMessage(other + ": tensor 0.weight has dtype F16, only F32 is supported");
    Path partial = dir.resolve("partial.safetensors");
    writeRaw(partial, "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[30,784],\"data_offsets\":[0,94080]}}", 94080);
    assertThatThrownBy(() -> Safetensors.load(Sequential.mlp(784, 30, 10), partial)).hasMessage(partial + ": tensor 0.bias [30] is missing");
  }

  @Test
  void refusesDamagedFiles() throws Exception {
    Path file = dir.resolve("bad.safetensors");
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Safetensors.read(file)).hasMessage(file + ": too short for a safetensors file (3 bytes)");
    writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
    assertThatThrownBy(() -> Safetensors.read(file)).hasMessageContaining("tensor a of shape [4] has data_offsets [0, 16] that do not match");
    writeRaw(file, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4]", 0);
    assertThatThrownBy(() -> Safetensors.read(file)).hasMessageContaining("bad JSON header");
    byte[] huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
    Files.write(file, huge);
    assertThatThrownBy(() -> Safetensors.read(file)).hasMessage(file + ": header length 1099511627776 does not fit a file of 8 bytes");
    assertThatThrownBy(() -> Safetensors.read(dir.resolve("none.safetensors"))).hasMessage(dir.resolve("none.safetensors") + ": missing");
  }

  private static void writeRaw(Path file, String header, int dataBytes) throws Exception {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json);
    Files.write(file, b.array());
  }
}
