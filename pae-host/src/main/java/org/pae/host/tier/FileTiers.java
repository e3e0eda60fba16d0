package org.pae.host.tier;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.pae.core.tier.Tier;

/**
 * Moves files between tier directories so that a crash at any point (a {@code kill -9}, a power cut
 * once the writes below reach the disk) leaves every file whole, readable through its managed path,
 * and in exactly one tier once {@link #open} has recovered.
 *
 * <p>A move of {@code f} from tier A to tier B, each step durable before the next:
 *
 * <ol>
 *   <li>{@link Step#JOURNALED}: {@code move A B f} written to the (empty) journal and fsynced;
 *   <li>{@link Step#COPYING}, {@link Step#COPIED}: {@code A/f} copied to a hidden part file in B's
 *       directory and fsynced; a source whose size or modification time changed meanwhile (a
 *       writer) aborts the move;
 *   <li>{@link Step#RENAMED}: the part file renamed atomically to {@code B/f}, B's directory
 *       fsynced;
 *   <li>{@link Step#LINKED}: a new link to {@code B/f} renamed atomically over the managed path;
 *   <li>{@link Step#REMOVED}: {@code A/f} removed;
 *   <li>{@link Step#DONE}: the journal emptied and fsynced.
 * </ol>
 *
 * A reader opening the managed path before step 4 reads {@code A/f}, after it {@code B/f}: both are
 * whole. On {@link #open}, the move a non-empty journal names rolls forward when {@code B/f} exists
 * (it was renamed there only once whole: link it, remove {@code A/f}) and back otherwise (remove
 * the part file, link {@code A/f}); both are idempotent, so a crash during recovery is recovered
 * the same way. A file that first appears as a regular file in the managed tree is adopted into the
 * cold tier by the same steps ({@code new} as its source tier; the link's rename replaces it).
 * Moves are made one at a time: one {@code FileTiers} per layout.
 */
public final class FileTiers {
  /** The durable steps of a move, in order. */
  public enum Step {
    JOURNALED,
    COPYING,
    COPIED,
    RENAMED,
    LINKED,
    REMOVED,
    DONE
  }

  /**
   * Told of each step as it completes: a test stops the process there; the engine counts them.
   * Steps a move does not take (an aborted copy's later steps) are not reported.
   */
  @FunctionalInterface
  public interface StepHook {
    void reached(Step step, String file);
  }

  /** What a move did. */
  public record Outcome(String file, Tier from, Tier to, boolean moved, String reason) {}

  /** What {@link #open} found unfinished in the journal and how it finished each. */
  public record Recovery(List<String> rolledForward, List<String> rolledBack) {
    public Recovery {
      rolledForward = List.copyOf(rolledForward);
      rolledBack = List.copyOf(rolledBack);
    }
  }

  /** The hidden suffix of a file being copied into a tier. */
  static final String PART = ".pae-part";

  /** The hidden suffix of a link about to replace a managed path. */
  static final String NEW_LINK = ".pae-link";

  private static final String NEW = "new";
  private static final int CHUNK = 8 << 20;

  private final TierLayout layout;
  private final StepHook hook;
  private final Recovery recovery;

  private FileTiers(TierLayout layout, StepHook hook) throws IOException {
    this.layout = layout;
    this.hook = hook;
    for (Path root : layout.roots()) {
      Files.createDirectories(root);
    }
    Files.createDirectories(layout.journal().getParent());
    this.recovery = recover();
  }

  /** Opens the layout, creating its directories, and finishes what the journal left unfinished. */
  public static FileTiers open(TierLayout layout, StepHook hook) throws IOException {
    return new FileTiers(layout, hook);
  }

  /** Opens the layout with no one told of the steps. */
  public static FileTiers open(TierLayout layout) throws IOException {
    return open(layout, (step, file) -> {});
  }

  public TierLayout layout() {
    return layout;
  }

  /** What opening recovered. */
  public Recovery recovery() {
    return recovery;
  }

  /**
   * Every file on a tier (relative path to tier), in path order. A file found on two tiers outside
   * a journalled move (someone copied it there) is refused naming both: PAE does not guess which
   * copy is the file.
   */
  public Map<String, Tier> files() throws IOException {
    Map<String, Tier> out = new TreeMap<>();
    for (Tier t : Tier.values()) {
      for (String f : regularFiles(layout.dir(t))) {
        Tier other = out.put(f, t);
        if (other != null) {
          throw new IllegalStateException(
              "file "
                  + f
                  + " is on two tiers, "
                  + other.key()
                  + " and "
                  + t.key()
                  + ": remove one");
        }
      }
    }
    return out;
  }

  /**
   * Brings the managed tree up to date: every regular file in it (a file written there) that is not
   * open for writing is adopted into the cold tier, and every tier file without a link gets one.
   * Returns the files adopted.
   */
  public List<Outcome> sync(Set<Path> openForWriting) throws IOException {
    List<Outcome> adopted = new ArrayList<>();
    for (String f : regularFiles(layout.managed())) {
      adopted.add(move(f, NEW, Tier.COLD, layout.link(f), openForWriting));
    }
    for (Map.Entry<String, Tier> e : files().entrySet()) {
      Path link = layout.link(e.getKey());
      if (!Files.isSymbolicLink(link) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        linkTo(e.getKey(), layout.on(e.getValue(), e.getKey()));
      }
    }
    return adopted;
  }

  /**
   * Moves {@code file} to tier {@code to}; a file open for writing (its tier path or managed path
   * in {@code openForWriting}), one already there, or one that changes while it is copied is left
   * where it is, with the reason.
   */
  public Outcome move(String file, Tier to, Set<Path> openForWriting) throws IOException {
    Tier from = files().get(file);
    if (from == null) {
      return new Outcome(file, null, to, false, "not on any tier");
    }
    if (from == to) {
      return new Outcome(file, from, to, false, "already " + to.key());
    }
    return move(file, from.key(), to, layout.on(from, file), openForWriting);
  }

  private Outcome move(String file, String fromName, Tier to, Path source, Set<Path> writers)
      throws IOException {
    Tier from = fromName.equals(NEW) ? null : Tier.parse(fromName);
    if (writers.contains(source) || writers.contains(layout.link(file))) {
      return new Outcome(file, from, to, false, "open for writing");
    }
    Path target = layout.on(to, file);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return new Outcome(file, from, to, false, target + " exists already");
    }
    BasicFileAttributes before = attributes(source);
    journal("move " + fromName + " " + to.key() + " " + encode(file));
    hook.reached(Step.JOURNALED, file);
    Path part = sibling(target, PART);
    Files.createDirectories(target.getParent());
    copy(source, part, file);
    hook.reached(Step.COPIED, file);
    if (!unchanged(source, before)) {
      Files.deleteIfExists(part);
      clearJournal();
      return new Outcome(file, from, to, false, "written to while copied");
    }
    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    syncDir(target.getParent());
    hook.reached(Step.RENAMED, file);
    if (!unchanged(source, before)) {
      Files.delete(target);
      syncDir(target.getParent());
      clearJournal();
      return new Outcome(file, from, to, false, "written to while copied");
    }
    linkTo(file, target);
    hook.reached(Step.LINKED, file);
    if (from != null) {
      Files.deleteIfExists(source);
      syncDir(source.getParent());
      hook.reached(Step.REMOVED, file);
    }
    clearJournal();
    hook.reached(Step.DONE, file);
    return new Outcome(file, from, to, true, "moved");
  }

  private Recovery recover() throws IOException {
    List<String[]> open = new ArrayList<>();
    if (Files.exists(layout.journal())) {
      String text = Files.readString(layout.journal(), StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      // A line cut short by the crash was never fsynced as a whole: its move had not begun.
      for (String line : (end < 0 ? "" : text.substring(0, end)).split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        String[] w = line.split(" ");
        if (w.length != 4 || !w[0].equals("move")) {
          throw new IllegalStateException(
              layout.journal() + ": not a journal line: '" + line + "'; was it written by PAE?");
        }
        open.add(w);
      }
    }
    List<String> forward = new ArrayList<>();
    List<String> back = new ArrayList<>();
    for (String[] w : open) {
      String file = decode(w[3]);
      Path target = layout.on(Tier.parse(w[2]), file);
      Path source = w[1].equals(NEW) ? layout.link(file) : layout.on(Tier.parse(w[1]), file);
      Files.deleteIfExists(sibling(target, PART));
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        linkTo(file, target);
        if (!w[1].equals(NEW) && Files.deleteIfExists(source)) {
          syncDir(source.getParent());
        }
        forward.add(file);
      } else {
        if (!w[1].equals(NEW)) {
          linkTo(file, source);
        }
        back.add(file);
      }
      Files.deleteIfExists(sibling(layout.link(file), NEW_LINK));
    }
    clearJournal();
    syncDir(layout.journal().getParent());
    return new Recovery(forward, back);
  }

  private void copy(Path source, Path part, String file) throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      long size = in.size();
      long done = 0;
      boolean told = false;
      while (done < size || !told) {
        done += in.transferTo(done, Math.min(CHUNK, size - done), out);
        if (!told) {
          hook.reached(Step.COPYING, file);
          told = true;
        }
      }
      out.force(true);
    }
    Files.setPosixFilePermissions(part, Files.getPosixFilePermissions(source));
    Files.setLastModifiedTime(part, Files.getLastModifiedTime(source));
  }

  /** Points the managed path of {@code file} at {@code target}, atomically. */
  private void linkTo(String file, Path target) throws IOException {
    Path link = layout.link(file);
    Files.createDirectories(link.getParent());
    Path fresh = sibling(link, NEW_LINK);
    Files.deleteIfExists(fresh);
    Files.createSymbolicLink(fresh, target);
    Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir(link.getParent());
  }

  private void journal(String line) throws IOException {
    try (FileChannel ch = FileChannel.open(layout.journal(), CREATE, WRITE, TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  private void clearJournal() throws IOException {
    try (FileChannel ch = FileChannel.open(layout.journal(), CREATE, WRITE, TRUNCATE_EXISTING)) {
      ch.force(true);
    }
  }

  /** The regular files below {@code root}, relative, without PAE's part and link files. */
  private static List<String> regularFiles(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !ours(p.getFileName().toString()))
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static boolean ours(String name) {
    return name.startsWith(".") && (name.endsWith(PART) || name.endsWith(NEW_LINK));
  }

  private static Path sibling(Path p, String suffix) {
    return p.resolveSibling("." + p.getFileName() + suffix);
  }

  private static BasicFileAttributes attributes(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean unchanged(Path source, BasicFileAttributes before) throws IOException {
    try {
      BasicFileAttributes now = attributes(source);
      FileTime m = now.lastModifiedTime();
      return now.size() == before.size() && m.equals(before.lastModifiedTime());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * A file's path as one ASCII journal word: {@code %}, blanks, controls and non-ASCII bytes
   * escaped.
   */
  static String encode(String file) {
    StringBuilder b = new StringBuilder();
    for (byte x : file.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c <= ' ' || c == '%' || c >= 0x7f) {
        b.append('%').append(String.format("%02x", c));
      } else {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  static String decode(String word) {
    byte[] out = new byte[word.length()];
    int n = 0;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '%') {
        out[n++] = (byte) Integer.parseInt(word.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
