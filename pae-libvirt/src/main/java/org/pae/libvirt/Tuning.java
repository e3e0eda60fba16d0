package org.pae.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.libvirt.Domain;
import org.libvirt.TypedParameter;
import org.libvirt.TypedUintParameter;
import org.libvirt.TypedUlongParameter;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.virTypedParameter;

/**
 * Block I/O throttling and interface bandwidth, which libvirt's C library has ({@code
 * virDomainGetBlockIoTune}, {@code virDomainSetInterfaceParameters}, ...) and its Java binding
 * 0.5.4 does not expose: declared here through JNA on the binding's own pointer and parameter
 * types. A call that fails throws {@link TuningException} with libvirt's message.
 */
final class Tuning {
  /** Applies to the running domain only (VIR_DOMAIN_AFFECT_LIVE). */
  private static final int LIVE = 1;

  @SuppressWarnings("MethodName") // libvirt's C names
  private interface Native_ extends Library {
    int virDomainGetBlockIoTune(
        DomainPointer dom, String disk, virTypedParameter[] params, IntByReference n, int flags);

    int virDomainSetBlockIoTune(
        DomainPointer dom, String disk, virTypedParameter[] params, int n, int flags);

    int virDomainGetInterfaceParameters(
        DomainPointer dom, String device, virTypedParameter[] params, IntByReference n, int flags);

    int virDomainSetInterfaceParameters(
        DomainPointer dom, String device, virTypedParameter[] params, int n, int flags);

    String virGetLastErrorMessage();
  }

  /** VIR_TYPED_PARAM_FIELD_LENGTH. */
  private static final int FIELD_LENGTH = 80;

  private static final Native_ LIB = Native.load("virt", Native_.class);

  /** The binding keeps a domain's C pointer in a package-private field. */
  private static final Field POINTER;

  static {
    try {
      POINTER = Domain.class.getDeclaredField("vdp");
      POINTER.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(
          "libvirt binding without Domain.vdp: not the 0.5.x binding PAE was built for");
    }
  }

  private Tuning() {}

  /** A tuning call libvirt refused. */
  static final class TuningException extends Exception {
    private static final long serialVersionUID = 1L;

    TuningException(String message) {
      super(message);
    }
  }

  /** The disk's throttle parameters ({@code total_bytes_sec}, ...), by name. */
  static Map<String, Long> blockIoTune(Domain d, String disk) throws TuningException {
    return read(d, disk, LIB::virDomainGetBlockIoTune, "read the I/O throttle of " + disk);
  }

  /**
   * Throttles the disk's read plus write bytes per second to {@code bytesPerSecond} with no burst
   * above it (the maximum equals the rate: some drivers refuse a rate above an unset maximum).
   */
  static void throttleDisk(Domain d, String disk, long bytesPerSecond) throws TuningException {
    virTypedParameter[] params = contiguous(2);
    unsignedLong(params[0], "total_bytes_sec", bytesPerSecond);
    unsignedLong(params[1], "total_bytes_sec_max", bytesPerSecond);
    check(
        LIB.virDomainSetBlockIoTune(pointer(d), disk, params, params.length, LIVE),
        "throttle " + disk + " to " + bytesPerSecond + " B/s");
  }

  /** The interface's bandwidth parameters ({@code inbound.average} in KiB/s, ...), by name. */
  static Map<String, Long> interfaceParameters(Domain d, String device) throws TuningException {
    return read(d, device, LIB::virDomainGetInterfaceParameters, "read the bandwidth of " + device);
  }

  /** A libvirt getter of a device's typed parameters: counts them first, then fills them. */
  @FunctionalInterface
  private interface Getter {
    int get(
        DomainPointer dom, String device, virTypedParameter[] params, IntByReference n, int flags);
  }

  private static Map<String, Long> read(Domain d, String device, Getter getter, String what)
      throws TuningException {
    DomainPointer p = pointer(d);
    IntByReference n = new IntByReference(0);
    check(getter.get(p, device, null, n, LIVE), what);
    virTypedParameter[] params = new virTypedParameter[n.getValue()];
    check(getter.get(p, device, params, n, LIVE), what);
    return numbers(params, n.getValue());
  }

  /** Caps the interface's average inbound and outbound rates, each, to {@code kibPerSecond}. */
  static void limitInterface(Domain d, String device, int kibPerSecond) throws TuningException {
    virTypedParameter[] params = contiguous(2);
    unsignedInt(params[0], "inbound.average", kibPerSecond);
    unsignedInt(params[1], "outbound.average", kibPerSecond);
    check(
        LIB.virDomainSetInterfaceParameters(pointer(d), device, params, params.length, LIVE),
        "limit " + device + " to " + kibPerSecond + " KiB/s each way");
  }

  /** An array of parameters in one block of native memory, as libvirt reads it. */
  private static virTypedParameter[] contiguous(int n) {
    return (virTypedParameter[]) new virTypedParameter().toArray(n);
  }

  private static void unsignedLong(virTypedParameter p, String field, long value) {
    p.field = TypedParameter.copyOf(field.getBytes(StandardCharsets.UTF_8), FIELD_LENGTH);
    p.type = virTypedParameter.TYPED_PARAM_ULONG;
    p.value.l = value;
    p.value.setType(long.class);
  }

  private static void unsignedInt(virTypedParameter p, String field, int value) {
    p.field = TypedParameter.copyOf(field.getBytes(StandardCharsets.UTF_8), FIELD_LENGTH);
    p.type = virTypedParameter.TYPED_PARAM_UINT;
    p.value.i = value;
    p.value.setType(int.class);
  }

  private static Map<String, Long> numbers(virTypedParameter[] params, int n) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      TypedParameter t = TypedParameter.create(params[i]);
      switch (t) {
        case TypedUlongParameter u -> out.put(t.field, u.value);
        case TypedUintParameter u -> out.put(t.field, Integer.toUnsignedLong(u.value));
        default -> {
          // Strings (a throttle group's name) and flags: not a rate.
        }
      }
    }
    return out;
  }

  private static DomainPointer pointer(Domain d) {
    try {
      return (DomainPointer) POINTER.get(d);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot reach the domain's libvirt pointer", e);
    }
  }

  private static void check(int result, String what) throws TuningException {
    if (result < 0) {
      throw new TuningException("cannot " + what + ": " + LIB.virGetLastErrorMessage());
    }
  }
}
