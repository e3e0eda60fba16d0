package org.pae.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pae.core.model.Resource;

/**
 * A cgroup v1: one directory per controller ({@code memory}, {@code cpu}, {@code cpuacct}, {@code
 * blkio}). Memory: {@code memory.usage_in_bytes} less {@code total_inactive_file}, limited by
 * {@code memory.limit_in_bytes}. CPU: {@code cpuacct.usage}, limited by {@code cpu.cfs_quota_us} /
 * {@code cpu.cfs_period_us}. Disk: see {@link #ioBytes}, limited by {@code
 * blkio.throttle.read_bps_device} and {@code write_bps_device} (each direction up to the limit).
 */
public final class CgroupV1 implements Cgroup {
  /** What v1 reports for "no limit" (PAGE_COUNTER_MAX pages, rounded): anything this large. */
  private static final long UNLIMITED = 1L << 62;

  private static final long MIN_QUOTA_US = 1000;

  private static final Path PROC = Path.of("/proc");
  private static final Path SYS_BLOCK = Path.of("/sys/block");

  /** The CFS period PAE writes quotas in: the kernel's default, 100 ms. */
  static final long PERIOD_US = 100_000;

  private final String path;
  private final Map<String, Path> mounts;

  private final ControlFile usage;
  private final ControlFile stat;
  private final ControlFile cpuTime;
  private final ControlFile ioService;
  private final ControlFile ioProcs;

  CgroupV1(String path, Map<String, Path> mounts) {
    this.path = path;
    this.mounts = Map.copyOf(mounts);
    usage = file("memory", "memory.usage_in_bytes");
    stat = file("memory", "memory.stat");
    cpuTime = file("cpuacct", "cpuacct.usage");
    ioService = file("blkio", "blkio.throttle.io_service_bytes");
    ioProcs = file("blkio", "cgroup.procs");
  }

  /** The files read every tick, kept open; null where the controller is not mounted. */
  private ControlFile file(String controller, String name) {
    return mounts.containsKey(controller) ? new ControlFile(dir(controller).resolve(name)) : null;
  }

  private Path dir(String controller) {
    Path mount = mounts.get(controller);
    if (mount == null) {
      throw new IllegalStateException("the v1 " + controller + " controller is not mounted");
    }
    return mount.resolve(path.substring(1));
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Set<Resource> resources() {
    Set<Resource> out = EnumSet.noneOf(Resource.class);
    if (mounts.containsKey("memory")) {
      out.add(Resource.MEMORY);
    }
    if (mounts.containsKey("cpu") && mounts.containsKey("cpuacct")) {
      out.add(Resource.CPU);
    }
    if (mounts.containsKey("blkio")) {
      out.add(Resource.DISK_IO);
    }
    return out;
  }

  @Override
  public Set<Resource> present() {
    Set<Resource> out = EnumSet.noneOf(Resource.class);
    for (Resource r : resources()) {
      List<String> needed =
          switch (r) {
            case MEMORY -> List.of("memory");
            case CPU -> List.of("cpu", "cpuacct");
            default -> List.of("blkio");
          };
      if (needed.stream().allMatch(c -> Files.isDirectory(dir(c)))) {
        out.add(r);
      }
    }
    return out;
  }

  private List<Path> dirs() {
    List<Path> out = new ArrayList<>();
    for (String c : CgroupHierarchy.V1_CONTROLLERS) {
      if (mounts.containsKey(c) && !out.contains(dir(c))) {
        out.add(dir(c));
      }
    }
    return out;
  }

  @Override
  public boolean exists() {
    return dirs().stream().allMatch(Files::isDirectory);
  }

  @Override
  public void create() throws IOException {
    for (Path d : dirs()) {
      Files.createDirectories(d);
    }
  }

  @Override
  public void delete() throws IOException {
    for (Path d : dirs()) {
      Files.deleteIfExists(d);
    }
  }

  @Override
  public void move(long pid) throws IOException {
    for (Path d : dirs()) {
      Cgroup.write(d.resolve("cgroup.procs"), Long.toString(pid));
    }
  }

  @Override
  public List<Long> pids() throws IOException {
    return Cgroup.readPids(dirs().getFirst().resolve("cgroup.procs"));
  }

  @Override
  public long memoryBytes() throws IOException {
    long inUse = usage.readLong();
    long inactiveFile = Cgroup.keyed(stat.read(), "total_inactive_file");
    return Math.max(0, inUse - inactiveFile);
  }

  @Override
  public long cpuNanos() throws IOException {
    return cpuTime.readLong();
  }

  /**
   * Bytes read and written. The kernel counts a cgroup's I/O in {@code
   * blkio.throttle.io_service_bytes} only for devices with a throttle rule; before PAE (or anyone)
   * set one, the count is the sum of {@code read_bytes + write_bytes} in {@code /proc/PID/io} of
   * its processes. A switch between the two, or a process that leaves, reads as a counter reset.
   */
  @Override
  public long ioBytes() throws IOException {
    long total = 0;
    boolean throttled = false;
    for (String line : ioService.read().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && (f[1].equals("Read") || f[1].equals("Write"))) {
        total += Long.parseLong(f[2]);
        throttled = true;
      }
    }
    if (throttled) {
      return total;
    }
    for (String line : ioProcs.read().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      long pid = Long.parseLong(line.trim());
      try {
        for (String field : Files.readAllLines(PROC.resolve(pid + "/io"))) {
          if (field.startsWith("read_bytes:") || field.startsWith("write_bytes:")) {
            total += Long.parseLong(field.substring(field.indexOf(':') + 1).trim());
          }
        }
      } catch (IOException e) {
        // The process ended between the two reads: its bytes leave with it.
      }
    }
    return total;
  }

  /**
   * The devices ({@code 254:0}) to throttle: those it has done I/O on where the kernel counts it,
   * else every disk of the host but loop, RAM and zram devices.
   */
  List<String> ioDevices() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line :
        Files.readAllLines(dir("blkio").resolve("blkio.throttle.io_service_bytes"))) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[0].contains(":") && !out.contains(f[0])) {
        out.add(f[0]);
      }
    }
    if (out.isEmpty() && Files.isDirectory(SYS_BLOCK)) {
      try (var disks = Files.list(SYS_BLOCK)) {
        for (Path disk : disks.sorted().toList()) {
          String name = disk.getFileName().toString();
          if (!name.startsWith("loop") && !name.startsWith("ram") && !name.startsWith("zram")) {
            out.add(Files.readString(disk.resolve("dev")).trim());
          }
        }
      }
    }
    return out;
  }

  @Override
  public long oomKills() throws IOException {
    return Cgroup.keyed(dir("memory").resolve("memory.oom_control"), "oom_kill");
  }

  /** How often usage reached the memory limit ({@code memory.failcnt}). */
  public long memoryFailures() throws IOException {
    return Long.parseLong(Files.readString(dir("memory").resolve("memory.failcnt")).trim());
  }

  @Override
  public double limit(Resource r) throws IOException {
    return switch (r) {
      case MEMORY -> {
        long v =
            Long.parseLong(Files.readString(dir("memory").resolve("memory.limit_in_bytes")).trim());
        yield v >= UNLIMITED ? Double.POSITIVE_INFINITY : v;
      }
      case CPU -> {
        Path d = dir("cpu");
        long quota = Long.parseLong(Files.readString(d.resolve("cpu.cfs_quota_us")).trim());
        long period = Long.parseLong(Files.readString(d.resolve("cpu.cfs_period_us")).trim());
        yield quota < 0 ? Double.POSITIVE_INFINITY : quota * 1000.0 / period;
      }
      case DISK_IO -> {
        double least = Double.POSITIVE_INFINITY;
        for (String file :
            List.of("blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device")) {
          for (String line : Files.readAllLines(dir("blkio").resolve(file))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
              least = Math.min(least, Long.parseLong(f[1]));
            }
          }
        }
        yield least;
      }
      default -> throw new IllegalArgumentException("cgroups do not limit " + r.key());
    };
  }

  @Override
  public void setLimit(Resource r, double value) throws IOException {
    switch (r) {
      case MEMORY ->
          Cgroup.write(
              dir("memory").resolve("memory.limit_in_bytes"),
              Double.isInfinite(value) ? "-1" : Long.toString(pageAligned(value)));
      case CPU -> {
        Path d = dir("cpu");
        if (Double.isInfinite(value)) {
          Cgroup.write(d.resolve("cpu.cfs_quota_us"), "-1");
        } else {
          Cgroup.write(d.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
          long quota = Math.max(MIN_QUOTA_US, Math.round(value / 1000.0 * PERIOD_US));
          Cgroup.write(d.resolve("cpu.cfs_quota_us"), Long.toString(quota));
        }
      }
      case DISK_IO -> {
        List<String> devices = ioDevices();
        if (devices.isEmpty()) {
          throw new IOException("no block device to throttle for " + path);
        }
        String bps = Double.isInfinite(value) ? "0" : Long.toString(Math.max(1, Math.round(value)));
        for (String device : devices) {
          Cgroup.write(dir("blkio").resolve("blkio.throttle.read_bps_device"), device + " " + bps);
          Cgroup.write(dir("blkio").resolve("blkio.throttle.write_bps_device"), device + " " + bps);
        }
      }
      default -> throw new IllegalArgumentException("cgroups do not limit " + r.key());
    }
  }

  /** Memory limits in whole 4 KiB pages, rounded up: the kernel rounds down otherwise. */
  static long pageAligned(double bytes) {
    // A thousandth of a byte of floating-point noise is no reason for another page.
    long b = (long) Math.ceil(bytes - 1e-3);
    return (b + 4095) / 4096 * 4096;
  }

  @Override
  public String toString() {
    return "cgroup v1 " + path;
  }
}
