package org.pae.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The defaults file as text: its keys in file order, and the configuration reference rendered from
 * its comments ({@code docs/configuration.md}, which a test keeps equal to {@link #reference}). The
 * file's conventions: a comment block describes the keys that follow it, a blank line ends a block,
 * and a comment starting {@code ---- } opens a section.
 */
public final class DefaultsFile {
  private DefaultsFile() {}

  /** The defaults file's text. */
  public static String text() {
    try (InputStream in = DefaultsFile.class.getResourceAsStream(SettingsSource.DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(
            "the defaults file " + SettingsSource.DEFAULTS + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SettingsSource.DEFAULTS, e);
    }
  }

  /** The keys of the defaults file, in file order. */
  public static List<String> keysInOrder() {
    List<String> keys = new ArrayList<>();
    for (String line : text().split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#") && !l.startsWith("!")) {
        int eq = l.indexOf('=');
        keys.add((eq < 0 ? l : l.substring(0, eq)).strip());
      }
    }
    return keys;
  }

  /** The configuration reference, in Markdown, from the defaults file's text. */
  public static String reference(String text) {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("Generated from `pae-core/src/main/resources/org/pae/core/settings/")
        .append("pae-defaults.properties` (edit that file, then regenerate this page with\n")
        .append("`./mvnw -B -q -pl pae-core verify -Dtest=ConfigurationReferenceTest")
        .append(" -Dpae.regenerate=true`;\n")
        .append("a test fails while the two differ). Every key is optional: a settings file")
        .append(" (`--settings FILE`)\noverrides the defaults below, and a key that is not")
        .append(" here is refused with the closest known\none as a suggestion.\n");
    List<String> comment = new ArrayList<>();
    List<String[]> keys = new ArrayList<>();
    boolean inHeading = false;
    for (String raw : (text + "\n").split("\n")) {
      String line = raw.strip();
      boolean isComment = line.startsWith("#");
      String body = isComment ? line.substring(1).strip() : "";
      boolean heading = isComment && body.startsWith("----");
      if (heading && inHeading) {
        // A heading continued on the next line.
        out.setLength(out.length() - 1);
        out.append(' ').append(escape(body.substring(4).strip())).append('\n');
      } else if (heading) {
        flush(out, comment, keys);
        out.append("\n## ").append(escape(body.substring(4).strip())).append('\n');
      } else if (isComment) {
        if (!keys.isEmpty()) {
          flush(out, comment, keys);
        }
        comment.add(escape(body));
      } else if (line.isEmpty()) {
        flush(out, comment, keys);
      } else {
        int eq = line.indexOf('=');
        keys.add(new String[] {line.substring(0, eq).strip(), line.substring(eq + 1).strip()});
      }
      inHeading = heading;
    }
    flush(out, comment, keys);
    return out.toString().replaceAll("\n{3,}", "\n\n");
  }

  /** Markdown would take {@code <resource>} for an HTML tag. */
  private static String escape(String text) {
    return text.replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void flush(StringBuilder out, List<String> comment, List<String[]> keys) {
    if (!comment.isEmpty()) {
      out.append('\n').append(String.join("\n", comment)).append('\n');
    }
    if (!keys.isEmpty()) {
      out.append("\n| key | default |\n|---|---|\n");
      for (String[] k : keys) {
        out.append("| `")
            .append(k[0])
            .append("` | ")
            .append(k[1].isEmpty() ? "(empty)" : "`" + k[1] + "`")
            .append(" |\n");
      }
    }
    comment.clear();
    keys.clear();
  }
}
