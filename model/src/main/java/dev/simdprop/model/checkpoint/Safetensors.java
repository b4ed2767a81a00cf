package dev.simdprop.model.checkpoint;

import dev.simdprop.model.Matrix;
import dev.simdprop.model.Parameter;
import dev.simdprop.model.Sequential;
import dev.simdprop.model.data.DataFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints in the safetensors format: an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian data. Tensor names
 * are those of a PyTorch {@code nn.Sequential(Linear, ReLU, Linear, ...)} state dict ("0.weight"
 * [h, 784], "0.bias" [h], "2.weight" [o, h], ...), so files move between simdprop and PyTorch.
 */
public final class Safetensors {
  /** Headers larger than this are refused before being read (safetensors itself caps them at 100 MB). */
  private static final long MAX_HEADER = 100L << 20;

  private Safetensors() {}

  /** A float32 tensor read from a file. */
  public record Tensor(long[] shape, float[] values) {
    public String shapeString() {
      return Arrays.toString(shape);
    }
  }

  /** The shape a parameter has in a PyTorch state dict: a bias (1, n) is [n]. */
  static long[] torchShape(Parameter p) {
    Matrix v = p.value();
    return p.name().equals("bias") ? new long[] {v.cols()} : new long[] {v.rows(), v.cols()};
  }

  /** Saves the model's parameters atomically: written to a temporary file, forced to disk, then renamed over {@code file}. */
  public static void save(Sequential model, Path file) throws IOException {
    Map<String, Parameter> params = model.stateDict();
    StringBuilder header = new StringBuilder("{");
    long offset = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      long bytes = 4L * e.getValue().value().size();
      header.append(Json.quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":")
          .append(Arrays.toString(torchShape(e.getValue())).replace(" ", ""))
          .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]},");
      offset += bytes;
    }
    header.append("\"__metadata__\":{\"format\":\"pt\",\"writer\":\"simdprop\"}}");
    while ((8 + header.length()) % 8 != 0) header.append(' '); // data starts 8-byte aligned
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);

    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).flip();
        writeAll(ch, len);
        writeAll(ch, ByteBuffer.wrap(json));
        for (Parameter p : params.values()) {
          Matrix v = p.value();
          ByteBuffer data = ByteBuffer.allocate(4 * v.size()).order(ByteOrder.LITTLE_ENDIAN);
          data.asFloatBuffer().put(v.data(), v.offset(), v.size());
          writeAll(ch, data);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) ch.write(b);
  }

  /** Reads every tensor of a safetensors file; only F32 tensors are accepted. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    String name = file.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataFileException(name, "missing");
    }
    if (bytes.length < 8) throw new DataFileException(name, "too short for a safetensors file (" + bytes.length + " bytes)");
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > bytes.length - 8) {
      throw new DataFileException(name, "header length " + headerLength + " does not fit a file of " + bytes.length + " bytes");
    }
    Object parsed;
    try {
      parsed = Json.parse(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new DataFileException(name, e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> header)) throw new DataFileException(name, "header is not a JSON object");
    long dataStart = 8 + headerLength, dataLength = bytes.length - dataStart;
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : header.entrySet()) {
      String key = (String) e.getKey();
      if (key.equals("__metadata__")) continue;
      if (!(e.getValue() instanceof Map<?, ?> info)) throw new DataFileException(name, "tensor " + key + ": not an object");
      Object dtype = info.get("dtype");
      if (!"F32".equals(dtype)) throw new DataFileException(name, "tensor " + key + " has dtype " + dtype + ", only F32 is supported");
      long[] shape = longs(name, key, "shape", info.get("shape"));
      long[] range = longs(name, key, "data_offsets", info.get("data_offsets"));
      long elements = 1;
      for (long d : shape) {
        if (d < 0 || (elements *= d) > Integer.MAX_VALUE - 8) throw new DataFileException(name, "tensor " + key + " has unusable shape " + Arrays.toString(shape));
      }
      if (range.length != 2 || range[0] < 0 || range[1] < range[0] || range[1] > dataLength || range[1] - range[0] != 4 * elements) {
        throw new DataFileException(name, "tensor " + key + " of shape " + Arrays.toString(shape) + " has data_offsets "
            + Arrays.toString(range) + " that do not match its size or the file's " + dataLength + " data bytes");
      }
      float[] values = new float[(int) elements];
      ByteBuffer.wrap(bytes, (int) (dataStart + range[0]), (int) (4 * elements)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      tensors.put(key, new Tensor(shape, values));
    }
    return tensors;
  }

  private static long[] longs(String file, String tensor, String field, Object v) throws DataFileException {
    if (!(v instanceof List<?> list)) throw new DataFileException(file, "tensor " + tensor + ": " + field + " is not a list");
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long l)) throw new DataFileException(file, "tensor " + tensor + ": " + field + " holds a non-integer");
      out[i] = l;
    }
    return out;
  }

  /** Loads the model's parameters from file; every one must be present, F32 and of the model's shape. */
  public static void load(Sequential model, Path file) throws IOException {
    Map<String, Tensor> tensors = read(file);
    for (Map.Entry<String, Parameter> e : model.stateDict().entrySet()) {
      Tensor t = tensors.get(e.getKey());
      long[] want = torchShape(e.getValue());
      if (t == null) throw new DataFileException(file.toString(), "tensor " + e.getKey() + " " + Arrays.toString(want) + " is missing");
      if (!Arrays.equals(t.shape(), want)) {
        throw new DataFileException(file.toString(), "tensor " + e.getKey() + " has shape " + t.shapeString()
            + " but the model " + model.describe() + " needs " + Arrays.toString(want));
      }
    }
    for (Map.Entry<String, Parameter> e : model.stateDict().entrySet()) {
      float[] v = tensors.get(e.getKey()).values();
      Matrix value = e.getValue().value();
      System.arraycopy(v, 0, value.data(), value.offset(), v.length);
    }
  }
}
