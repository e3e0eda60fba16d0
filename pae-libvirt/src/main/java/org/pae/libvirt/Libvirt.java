package org.pae.libvirt;

import org.libvirt.LibvirtException;

/** libvirt's errors as PAE reports them. */
final class Libvirt {
  private Libvirt() {}

  /** libvirt's own message for a failure, without the binding's decoration. */
  static String message(Exception e) {
    if (e instanceof LibvirtException le
        && le.getError() != null
        && le.getError().getMessage() != null) {
      return le.getError().getMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
