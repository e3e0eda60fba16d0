package org.pae.libvirt;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A Linux initramfs written from Java: a gzip-compressed cpio archive in the "newc" format (the
 * kernel's {@code Documentation/driver-api/early-userspace/buffer-format.rst}), which can hold
 * device nodes without root.
 */
final class Initramfs implements AutoCloseable {
  private final OutputStream out;
  private long written;
  private int inode = 1;

  Initramfs(Path file) throws IOException {
    this.out = new GZIPOutputStream(Files.newOutputStream(file));
  }

  void directory(String name) throws IOException {
    entry(name, 040755, 0, 0, new byte[0]);
  }

  void file(String name, int permissions, byte[] content) throws IOException {
    entry(name, 0100000 | permissions, 0, 0, content);
  }

  void symlink(String name, String target) throws IOException {
    entry(name, 0120777, 0, 0, target.getBytes(StandardCharsets.UTF_8));
  }

  void characterDevice(String name, int major, int minor) throws IOException {
    entry(name, 020600, major, minor, new byte[0]);
  }

  private void entry(String name, int mode, int rdevMajor, int rdevMinor, byte[] data)
      throws IOException {
    byte[] path = (name + "\0").getBytes(StandardCharsets.UTF_8);
    StringBuilder h = new StringBuilder("070701");
    long[] fields = {
      inode++,
      mode,
      0,
      0,
      (mode & 040000) != 0 ? 2 : 1,
      0,
      data.length,
      0,
      0,
      rdevMajor,
      rdevMinor,
      path.length,
      0
    };
    for (long f : fields) {
      h.append(String.format(Locale.ROOT, "%08X", f));
    }
    write(h.toString().getBytes(StandardCharsets.US_ASCII));
    write(path);
    pad();
    write(data);
    pad();
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    written += b.length;
  }

  private void pad() throws IOException {
    while (written % 4 != 0) {
      write(new byte[1]);
    }
  }

  @Override
  public void close() throws IOException {
    entry("TRAILER!!!", 0, 0, 0, new byte[0]);
    out.close();
  }
}
