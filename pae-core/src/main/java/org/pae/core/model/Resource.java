package org.pae.core.model;

import java.util.Locale;

/**
 * A kind of resource that PAE tracks and allocates. Every quantity of a resource, usage or
 * allocation, is a {@code double} in the unit stated here; adapters convert at the edge.
 */
public enum Resource {
  /** Resident memory, in bytes. */
  MEMORY("bytes"),
  /** Processor time, in millicores (1000 = one core busy for the whole interval). */
  CPU("millicores"),
  /** Block I/O throughput, read plus write, in bytes per second. */
  DISK_IO("bytes/s"),
  /** Network throughput, received plus transmitted, in bytes per second. */
  NETWORK("bytes/s"),
  /** Accelerator utilisation, in percent of one GPU (200 = two GPUs fully busy). */
  GPU("percent");

  private final String unit;

  Resource(String unit) {
    this.unit = unit;
  }

  public String unit() {
    return unit;
  }

  /** The lower-case name used in settings keys, reports and the API ({@code disk_io}). */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a settings or API name, case-insensitively; {@code disk-io} and {@code disk_io} alike.
   */
  public static Resource parse(String name) {
    String normal = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Resource r : values()) {
      if (r.name().equals(normal)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown resource '" + name + "'; allowed: memory, cpu, disk_io, network, gpu");
  }
}
