package org.pae.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pae.core.model.Resource;

/**
 * One cgroup, in whichever hierarchy the host mounts, read and written with plain file I/O. Usage
 * readings are cumulative counters where the kernel keeps counters (CPU time, I/O bytes): the
 * source turns them into rates. A limit of {@link Double#POSITIVE_INFINITY} means none is set.
 */
public sealed interface Cgroup permits CgroupV1, CgroupV2 {
  /** Its path from the hierarchy's root, {@code /pae/vm1}. */
  String path();

  /** The resources it can limit here. */
  Set<Resource> resources();

  boolean exists();

  /** The resources it can limit whose controller files exist for it now. */
  Set<Resource> present();

  /** Creates it (in every controller's hierarchy on v1), with its parents. */
  void create() throws IOException;

  /** Removes it; it must hold no process. */
  void delete() throws IOException;

  /** Moves a process into it. */
  void move(long pid) throws IOException;

  /** The processes in it. */
  List<Long> pids() throws IOException;

  /** Memory in use without the page cache the kernel can drop (the working set), in bytes. */
  long memoryBytes() throws IOException;

  /** CPU time used since it was created, in nanoseconds. */
  long cpuNanos() throws IOException;

  /** Bytes read and written on block devices since it was created. */
  long ioBytes() throws IOException;

  /** How often the kernel killed a process in it for want of memory. */
  long oomKills() throws IOException;

  /** The limit in force, in the resource's unit; infinity when none is set. */
  double limit(Resource r) throws IOException;

  /** Sets the limit, in the resource's unit. */
  void setLimit(Resource r, double value) throws IOException;

  /** The pids listed in a {@code cgroup.procs} file. */
  static List<Long> readPids(Path procs) throws IOException {
    List<Long> out = new ArrayList<>();
    for (String line : Files.readAllLines(procs)) {
      if (!line.isBlank()) {
        out.add(Long.parseLong(line.trim()));
      }
    }
    return out;
  }

  /** The value of {@code key} in a flat-keyed file ({@code memory.stat}), or 0. */
  static long keyed(Path file, String key) throws IOException {
    return keyed(Files.readString(file), key);
  }

  /** The value of {@code key} in a flat-keyed file's text, or 0. */
  static long keyed(String text, String key) {
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.substring(0, space).equals(key)) {
        return Long.parseLong(line.substring(space + 1).trim());
      }
    }
    return 0;
  }

  /** Writes a control file, as the kernel wants it: one write of the whole value. */
  static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }
}
