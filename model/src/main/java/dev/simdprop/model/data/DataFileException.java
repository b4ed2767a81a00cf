package dev.simdprop.model.data;

import java.io.IOException;

/** A data or checkpoint file that cannot be used; the message names the file and the problem. */
public final class DataFileException extends IOException {
  public DataFileException(String file, String problem) {
    super(file + ": " + problem);
  }

  public DataFileException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
