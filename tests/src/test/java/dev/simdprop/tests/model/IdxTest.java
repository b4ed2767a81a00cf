package dev.simdprop.tests.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.simdprop.model.Dataset;
import dev.simdprop.model.data.DataFileException;
import dev.simdprop.model.data.Idx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader on good files, raw and gzipped, and on every kind of bad one. */
class IdxTest {
  @TempDir Path dir;

  static byte[] images(int magic, int count, int rows, int cols, int payloadBytes) {
    ByteBuffer b = ByteBuffer.allocate(16 + payloadBytes).putInt(magic).putInt(count).putInt(rows).putInt(cols);
    for (int i = 0; i < payloadBytes; i++) b.put((byte) (i * 7));
    return b.array();
  }

  static byte[] labels(int magic, int count, int payloadBytes) {
    ByteBuffer b = ByteBuffer.allocate(8 + payloadBytes).putInt(magic).putInt(count);
    for (int i = 0; i < payloadBytes; i++) b.put((byte) (i % 10));
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  /** Writes the split's two files, raw or gzipped, removing the other kind (the reader prefers raw). */
  private void write(String split, byte[] images, byte[] labels, boolean gz) throws IOException {
    for (String kind : new String[] {"-images-idx3-ubyte", "-labels-idx1-ubyte"}) Files.deleteIfExists(dir.resolve(split + kind + (gz ? "" : ".gz")));
    Files.write(dir.resolve(split + "-images-idx3-ubyte" + (gz ? ".gz" : "")), gz ? gzip(images) : images);
    Files.write(dir.resolve(split + "-labels-idx1-ubyte" + (gz ? ".gz" : "")), gz ? gzip(labels) : labels);
  }

  @Test
  void readsRawAndGzippedFilesWithPixelsScaledTo01() throws Exception {
    for (boolean gz : new boolean[] {false, true}) {
      write("train", images(0x803, 3, 2, 2, 12), labels(0x801, 3, 3), gz);
      Dataset d = Idx.load(dir, "train");
      assertThat(d.samples()).isEqualTo(3);
      assertThat(d.dims()).isEqualTo(4);
      assertThat(d.labels()).containsExactly(0, 1, 2);
      assertThat(d.feature(0, 1)).isEqualTo(7 / 255f);
      assertThat(d.feature(2, 3)).isEqualTo((77 & 0xff) / 255f);
      Files.delete(dir.resolve("train-images-idx3-ubyte" + (gz ? ".gz" : "")));
      Files.delete(dir.resolve("train-labels-idx1-ubyte" + (gz ? ".gz" : "")));
    }
  }

  @Test
  void bundledSubsetHoldsTheOriginalBytes() throws Exception {
    Dataset train = Idx.loadBundled("train"), valid = Idx.loadBundled("t10k");
    assertThat(train.samples()).isEqualTo(8000);
    assertThat(valid.samples()).isEqualTo(2000);
    assertThat(train.dims()).isEqualTo(784);
    int[] perDigit = new int[10];
    for (int y : valid.labels()) perDigit[y]++;
    assertThat(perDigit).containsExactly(204, 228, 197, 202, 195, 173, 202, 214, 189, 196);
    for (float v : train.features()) assertThat(Math.round(v * 255) / 255f).isEqualTo(v); // whole bytes / 255
  }

  @Test
  void wrongMagicIsNamed() throws Exception {
    write("train", images(0x801, 3, 2, 2, 12), labels(0x801, 3, 3), false);
    assertThatThrownBy(() -> Idx.load(dir, "train")).isInstanceOf(DataFileException.class)
        .hasMessage(dir.resolve("train-images-idx3-ubyte") + ": magic 0x00000801 is not an IDX image file's 0x00000803");
  }

  @Test
  void truncatedPayloadAndTruncatedHeader() throws Exception {
    write("train", images(0x803, 3, 2, 2, 11), labels(0x801, 3, 3), true);
    assertThatThrownBy(() -> Idx.load(dir, "train")).isInstanceOf(DataFileException.class)
        .hasMessage(dir.resolve("train-images-idx3-ubyte.gz") + ": header says 3 images of 2x2 (12 bytes) but the file holds only 11 bytes after its header");
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(gzip(images(0x803, 3, 2, 2, 12)), 20));
    assertThatThrownBy(() -> Idx.load(dir, "train")).isInstanceOf(DataFileException.class).hasMessageContaining("train-images-idx3-ubyte.gz: ");
    Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(Arrays.copyOf(images(0x803, 3, 2, 2, 12), 10)));
    assertThatThrownBy(() -> Idx.load(dir, "train")).hasMessageEndingWith("truncated: ends inside the header");
  }

  /** A header claiming far more than the file holds is refused from the file's size, before allocating. */
  @Test
  void hostileHeadersAreRefusedBeforeAllocating() throws Exception {
    write("train", images(0x803, 2_000_000_000, 28, 28, 12), labels(0x801, 3, 3), false);
    assertThatThrownBy(() -> Idx.load(dir, "train")).hasMessageContaining("header dimensions 2000000000x28x28 are not a usable image set");
    write("train", images(0x803, 2_000_000, 28, 28, 12), labels(0x801, 3, 3), true);
    assertThatThrownBy(() -> Idx.load(dir, "train")).hasMessageContaining("header says 2000000 images of 28x28 (1568000000 bytes) but the file holds only 12 bytes");
    write("train", images(0x803, -5, 28, 28, 12), labels(0x801, 3, 3), false);
    assertThatThrownBy(() -> Idx.load(dir, "train")).hasMessageContaining("header dimensions -5x28x28");
    write("train", images(0x803, 3, 2, 2, 12), labels(0x801, 1 << 30, 3), false);
    assertThatThrownBy(() -> Idx.load(dir, "train")).hasMessageContaining("header says 1073741824 labels (1073741824 bytes) but the file holds only 3 bytes");
  }

  @Test
  void countsThatDisagreeAndMissingFiles() throws Exception {
    write("train", images(0x803, 3, 2, 2, 12), labels(0x801, 2, 2), false);
    assertThatThrownBy(() -> Idx.load(dir, "train"))
        .hasMessage(dir.resolve("train-images-idx3-ubyte") + ": holds 3 images but " + dir.resolve("train-labels-idx1-ubyte") + " holds 2 labels");
    assertThatThrownBy(() -> Idx.load(dir, "t10k"))
        .hasMessage(dir.resolve("t10k-images-idx3-ubyte") + ": missing (looked for t10k-images-idx3-ubyte and t10k-images-idx3-ubyte.gz)");
    assertThatThrownBy(() -> Idx.load(dir.resolve("nope"), "train")).hasMessage(dir.resolve("nope") + ": no such directory");
  }
}
