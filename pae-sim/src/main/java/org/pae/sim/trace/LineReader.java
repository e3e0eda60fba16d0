package org.pae.sim.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads a text trace file line by line, handing each line and its number to a parser. */
final class LineReader {
  private LineReader() {}

  /** Parses one line; throws {@link IllegalArgumentException} with the problem when malformed. */
  @FunctionalInterface
  interface LineParser {
    void accept(long number, String line);
  }

  /**
   * Feeds every non-blank line that is not a {@code #} comment to {@code parser}; a line it refuses
   * goes to {@code issues} with the file and line.
   */
  static void lines(Path file, ParseIssues issues, LineParser parser) {
    try (BufferedReader in = Inputs.open(file)) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        try {
          parser.accept(n, line);
        } catch (IllegalArgumentException e) {
          issues.malformed(file, n, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
