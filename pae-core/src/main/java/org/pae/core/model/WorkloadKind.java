package org.pae.core.model;

/** What a workload is. A container may live inside a VM, a process inside a container or VM. */
public enum WorkloadKind {
  VM,
  CONTAINER,
  PROCESS
}
