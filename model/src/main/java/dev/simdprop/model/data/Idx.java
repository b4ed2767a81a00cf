package dev.simdprop.model.data;

import dev.simdprop.kernels.Kernels;
import dev.simdprop.model.Dataset;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST (big-endian): magic 0x00000803 then count, rows, cols and the pixel
 * bytes for images; magic 0x00000801, count and the label bytes for labels. Files may be gzipped.
 * Header sizes are checked against what the file really holds before anything is allocated.
 */
public final class Idx {
  public static final int IMAGES_MAGIC = 0x00000803;
  public static final int LABELS_MAGIC = 0x00000801;
  /** Deflate cannot expand more than about 1032:1, which bounds what a .gz file can hold whatever its trailer claims. */
  private static final long MAX_DEFLATE_RATIO = 1032;
  private static final String BUNDLED = "/dev/simdprop/model/data/mnist-subset/";

  private Idx() {}

  /** Images as count x (rows·cols) bytes. */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  /** Loads a split ("train" or "t10k") from the four-file layout in dir, each file raw or .gz. */
  public static Dataset load(Path dir, String split) throws IOException {
    Path images = find(dir, split + "-images-idx3-ubyte"), labels = find(dir, split + "-labels-idx1-ubyte");
    return dataset(parseImages(images.toString(), read(images)), images.toString(),
        parseLabels(labels.toString(), read(labels)), labels.toString());
  }

  /** Loads a split of the bundled MNIST subset (8,000 train, 2,000 t10k). */
  public static Dataset loadBundled(String split) throws IOException {
    String images = BUNDLED + split + "-images-idx3-ubyte.gz", labels = BUNDLED + split + "-labels-idx1-ubyte.gz";
    return dataset(parseImages("bundled " + images, resource(images)), "bundled " + images,
        parseLabels("bundled " + labels, resource(labels)), "bundled " + labels);
  }

  private static Dataset dataset(Images images, String imagesName, byte[] labels, String labelsName) throws DataFileException {
    if (images.count() != labels.length) {
      throw new DataFileException(imagesName, "holds " + images.count() + " images but " + labelsName + " holds " + labels.length + " labels");
    }
    int dims = images.rows() * images.cols();
    byte[] pixels = images.pixels();
    float[] x = Dataset.allocateFeatures(images.count(), dims);
    int offset = Kernels.floatsToCacheLine(x);
    for (int i = 0; i < pixels.length; i++) x[offset + i] = (pixels[i] & 0xff) / 255f; // pixels to [0, 1] as x/255
    int[] y = new int[labels.length];
    for (int i = 0; i < y.length; i++) y[i] = labels[i] & 0xff;
    return Dataset.of(x, offset, y, dims);
  }

  private static Path find(Path dir, String base) throws DataFileException {
    if (!Files.isDirectory(dir)) throw new DataFileException(dir.toString(), "no such directory");
    for (String name : new String[] {base, base + ".gz"}) {
      if (Files.isRegularFile(dir.resolve(name))) return dir.resolve(name);
    }
    throw new DataFileException(dir.resolve(base).toString(), "missing (looked for " + base + " and " + base + ".gz)");
  }

  private static byte[] read(Path file) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DataFileException(file.toString(), "missing");
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = Idx.class.getResourceAsStream(name)) {
      if (in == null) throw new DataFileException(name, "missing from the jar");
      return in.readAllBytes();
    }
  }

  public static Images parseImages(String name, byte[] file) throws DataFileException {
    Content c = open(name, file);
    int magic = c.readInt(), count = c.readInt(), rows = c.readInt(), cols = c.readInt();
    if (magic != IMAGES_MAGIC) throw new DataFileException(name, String.format("magic 0x%08x is not an IDX image file's 0x%08x", magic, IMAGES_MAGIC));
    long size = (long) count * rows * cols;
    if (count < 0 || rows < 1 || cols < 1 || size > Integer.MAX_VALUE - 8) {
      throw new DataFileException(name, "header dimensions " + count + "x" + rows + "x" + cols + " are not a usable image set");
    }
    return new Images(count, rows, cols, c.readPayload(size, count + " images of " + rows + "x" + cols));
  }

  public static byte[] parseLabels(String name, byte[] file) throws DataFileException {
    Content c = open(name, file);
    int magic = c.readInt(), count = c.readInt();
    if (magic != LABELS_MAGIC) throw new DataFileException(name, String.format("magic 0x%08x is not an IDX label file's 0x%08x", magic, LABELS_MAGIC));
    if (count < 0) throw new DataFileException(name, "header count " + count + " is negative");
    return c.readPayload(count, count + " labels");
  }

  private static Content open(String name, byte[] file) throws DataFileException {
    boolean gz = file.length >= 2 && (file[0] & 0xff) == 0x1f && (file[1] & 0xff) == 0x8b;
    if (!gz) return new Content(name, new ByteArrayInputStream(file), file.length);
    if (file.length < 18) throw new DataFileException(name, "truncated gzip file (" + file.length + " bytes)");
    // The gzip trailer's ISIZE is the uncompressed length mod 2^32; deflate's ratio bounds it too.
    long isize = ByteBuffer.wrap(file, file.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
    long available = Math.min(isize, file.length * MAX_DEFLATE_RATIO);
    try {
      return new Content(name, new GZIPInputStream(new ByteArrayInputStream(file)), available);
    } catch (IOException e) {
      throw new DataFileException(name, "not a readable gzip file (" + e.getMessage() + ")");
    }
  }

  /** The uncompressed bytes of a file, and how many of them it can hold at most. */
  private static final class Content {
    private final String name;
    private final InputStream in;
    private final long available;
    private long consumed;

    Content(String name, InputStream in, long available) {
      this.name = name;
      this.in = in;
      this.available = available;
    }

    int readInt() throws DataFileException {
      byte[] b = readFully(4, "the header");
      return ByteBuffer.wrap(b).getInt();
    }

    byte[] readPayload(long size, String what) throws DataFileException {
      if (size > available - consumed) {
        throw new DataFileException(name, "header says " + what + " (" + size + " bytes) but the file holds only "
            + Math.max(0, available - consumed) + " bytes after its header");
      }
      return readFully((int) size, what);
    }

    private byte[] readFully(int size, String what) throws DataFileException {
      byte[] b = new byte[size];
      try {
        int off = 0;
        while (off < size) {
          int r = in.read(b, off, size - off);
          if (r < 0) throw new EOFException();
          off += r;
        }
      } catch (EOFException e) {
        throw new DataFileException(name, "truncated: ends inside " + what);
      } catch (ZipException e) {
        throw new DataFileException(name, "corrupt gzip data (" + e.getMessage() + ")");
      } catch (IOException e) {
        throw new DataFileException(name, "cannot be read (" + e.getMessage() + ")");
      }
      consumed += size;
      return b;
    }
  }
}
