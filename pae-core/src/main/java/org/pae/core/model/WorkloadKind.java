package org.pae.core.model;

/**
 * What a workload is. A container may live inside a VM, a process inside a container or VM. A
 * device is one of the host's own: a network interface or a GPU, watched and forecast, never
 * resized by PAE.
 */
public enum WorkloadKind {
  VM,
  CONTAINER,
  PROCESS,
  DEVICE
}
