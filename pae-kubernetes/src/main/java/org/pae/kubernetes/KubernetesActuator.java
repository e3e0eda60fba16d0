package org.pae.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pae.core.allocate.Decision;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Actuator;

/**
 * Resizes running containers in place: a strategic-merge PATCH of the pod's {@code resize}
 * subresource (Kubernetes 1.33+) setting the container's limit to the decided size and its request
 * in the same proportion to it (so that the pod's QoS class, which a resize may not change, stays);
 * a container with a request and no limit has its request resized. Only resizes of {@code k8s:}
 * workloads are its own; of those, a resource it is not told to enforce is recommended only.
 *
 * <p>A resize is never below the container's usage as last read, nor, when it raises, beyond what
 * its node's allocatable leaves after the requests of every other container on the node, nor beyond
 * what a ResourceQuota of its namespace leaves ({@code requests.*}, {@code limits.*}, or the bare
 * {@code memory}/{@code cpu} that means requests): a raise is cut to the room left, and held when
 * none is left. Every API error is a FAILED actuation naming the container and the server's answer:
 * nothing was changed by it, and the loop sees the allocation in force at its next tick.
 */
public final class KubernetesActuator implements Actuator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext STRATEGIC = PatchContext.of(PatchType.STRATEGIC_MERGE);

  private final Cluster cluster;
  private final Set<Resource> enforced;

  /**
   * @param cluster the cluster, with its containers as the source last read them
   * @param enforced the resources it resizes (memory, cpu); others are recommended only
   */
  public KubernetesActuator(Cluster cluster, Set<Resource> enforced) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.enforced = Set.copyOf(enforced);
  }

  /** Whether a decision is about one of its containers (a {@code k8s:} workload). */
  public static boolean owns(Decision d) {
    return d.series().workload().value().startsWith(Cluster.PREFIX);
  }

  @Override
  public List<Actuation> apply(Plan plan) {
    Room room = new Room();
    List<Actuation> out = new ArrayList<>();
    for (Decision.Resize d : plan.resizes()) {
      if (owns(d)) {
        out.add(apply(d, room));
      }
    }
    return out;
  }

  private Actuation apply(Decision.Resize d, Room room) {
    Resource r = d.series().resource();
    Optional<Cluster.Seen> found = cluster.seen(d.series().workload());
    if (found.isEmpty()) {
      return failed(d, d.series().workload() + " is not running at " + cluster.where());
    }
    if (!Cluster.KEYS.containsKey(r)) {
      return new Actuation(
          d,
          Actuation.Status.RECOMMENDED,
          "Kubernetes sizes a container's memory and cpu, not " + r.key());
    }
    if (!enforced.contains(r)) {
      return new Actuation(
          d, Actuation.Status.RECOMMENDED, "kubernetes.enforce leaves " + r.key() + " as it is");
    }
    Cluster.Seen c = found.get();
    String name = describe(c.container());
    Double limit = c.limits().get(r);
    Double request = c.requests().get(r);
    if (limit == null && request == null) {
      return failed(
          d,
          name
              + " has no "
              + r.key()
              + " request or limit: a resize in place cannot add one (its pod's QoS class would"
              + " change)");
    }
    double current = limit != null ? limit : request;
    // The request's share of the limit, kept; a container without a limit has its request sized.
    double share = limit != null && request != null && limit > 0 ? request / limit : 1;
    List<String> detail = new ArrayList<>();
    double target = d.to();
    Double usage = c.usage().get(r);
    if (usage != null && target < usage) {
      detail.add(format("raised from %s to the usage %s", r, target, usage));
      target = usage;
    }
    double most = Double.POSITIVE_INFINITY;
    if (target > current) {
      Bound bound;
      try {
        bound = bound(c, r, limit != null, share, room);
      } catch (KubernetesClientException e) {
        return failed(
            d, name + ": cannot read the room left for its " + r.key() + ": " + Cluster.message(e));
      }
      if (target > bound.most()) {
        if (bound.most() <= current) {
          return failed(
              d,
              format(
                  "held: %s leaves no room to raise " + name + " from %s to %s",
                  r,
                  bound.why(),
                  current,
                  target));
        }
        detail.add(format("capped at %s by %s", r, bound.most(), bound.why()));
        target = bound.most();
      }
      most = bound.most();
    }
    // Whole bytes or millicores, rounded up, except past the bound.
    long newLimit = (long) Math.min(Math.ceil(target), Math.floor(most));
    long newRequest = (long) Math.max(1, Math.min(Math.ceil(target * share), Math.floor(most)));
    ObjectNode resources = JSON.createObjectNode();
    if (limit != null) {
      resources.putObject("limits").put(Cluster.KEYS.get(r), quantity(r, newLimit));
      if (request != null) {
        resources.putObject("requests").put(Cluster.KEYS.get(r), quantity(r, newRequest));
      }
    } else {
      resources.putObject("requests").put(Cluster.KEYS.get(r), quantity(r, newLimit));
    }
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode container = patch.putObject("spec").putArray("containers").addObject();
    container.put("name", c.container().name());
    container.set("resources", resources);
    try {
      cluster
          .client()
          .pods()
          .inNamespace(c.container().namespace())
          .withName(c.container().target())
          .subresource("resize")
          .patch(STRATEGIC, patch.toString());
    } catch (KubernetesClientException e) {
      return failed(
          d,
          "the API server refused the "
              + r.key()
              + " resize of "
              + name
              + ": "
              + Cluster.message(e)
              + (e.getCode() == 404
                  ? " (the pod is gone, or the cluster serves no pods/resize: Kubernetes 1.33+)"
                  : ""));
    }
    detail.add(0, resources.toString());
    return new Actuation(d, Actuation.Status.APPLIED, String.join("; ", detail));
  }

  /** The most the container's resource may be sized to, and what sets it. */
  private record Bound(double most, String why) {}

  /**
   * The most a raise may reach: within the node's allocatable less the other containers' requests
   * on it, a limit within the node's allocatable, and within every ResourceQuota of the namespace.
   */
  private Bound bound(Cluster.Seen c, Resource r, boolean hasLimit, double share, Room room) {
    Bound best = new Bound(Double.POSITIVE_INFINITY, "nothing");
    String key = Cluster.KEYS.get(r);
    Double oldRequest = c.requests().get(r);
    double request = oldRequest == null ? 0 : oldRequest;
    if (c.node() != null) {
      Node node = room.node(c.node());
      Double allocatable =
          node.getStatus() == null
              ? null
              : Cluster.amounts(node.getStatus().getAllocatable()).get(r);
      if (allocatable != null) {
        double others = 0;
        for (Pod p : room.pods()) {
          if (c.node().equals(p.getSpec().getNodeName()) && !finished(p)) {
            others += requests(p, r);
          }
        }
        others -= request;
        double left = allocatable - others;
        best = min(best, share > 0 ? left / share : left, "node " + c.node() + "'s allocatable");
        if (hasLimit) {
          best = min(best, allocatable, "node " + c.node() + "'s allocatable");
        }
      }
    }
    String ns = c.container().namespace();
    for (ResourceQuota q : room.quotas(ns)) {
      Map<String, Quantity> hard = q.getSpec() == null ? null : q.getSpec().getHard();
      if (hard == null) {
        continue;
      }
      String quota = "ResourceQuota " + ns + "/" + q.getMetadata().getName();
      for (String k : List.of(key, "requests." + key, "limits." + key)) {
        Quantity h = hard.get(k);
        if (h == null || (k.startsWith("limits.") && !hasLimit)) {
          continue;
        }
        boolean limits = k.startsWith("limits.");
        double old = limits ? c.limits().get(r) : request;
        double left = amount(r, h) - used(q, k, r, ns, limits, room) + old;
        double most = limits ? left : share > 0 ? left / share : left;
        best = min(best, most, quota + " (" + k + ")");
      }
    }
    return best;
  }

  private static Bound min(Bound b, double most, String why) {
    return most < b.most() ? new Bound(Math.max(0, most), why) : b;
  }

  /** What the quota says is used of {@code key}; where it does not say, the namespace's pods. */
  private static double used(
      ResourceQuota q, String key, Resource r, String ns, boolean limits, Room room) {
    Map<String, Quantity> used = q.getStatus() == null ? null : q.getStatus().getUsed();
    if (used != null && used.get(key) != null) {
      return amount(r, used.get(key));
    }
    double sum = 0;
    for (Pod p : room.pods()) {
      if (ns.equals(p.getMetadata().getNamespace()) && !finished(p)) {
        sum += limits ? limits(p, r) : requests(p, r);
      }
    }
    return sum;
  }

  private static double amount(Resource r, Quantity q) {
    return Cluster.amounts(Map.of(Cluster.KEYS.get(r), q)).get(r);
  }

  private static double requests(Pod p, Resource r) {
    double sum = 0;
    for (var c : p.getSpec().getContainers()) {
      if (c.getResources() != null) {
        sum += Cluster.amounts(c.getResources().getRequests()).getOrDefault(r, 0.0);
      }
    }
    return sum;
  }

  private static double limits(Pod p, Resource r) {
    double sum = 0;
    for (var c : p.getSpec().getContainers()) {
      if (c.getResources() != null) {
        sum += Cluster.amounts(c.getResources().getLimits()).getOrDefault(r, 0.0);
      }
    }
    return sum;
  }

  private static boolean finished(Pod p) {
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String quantity(Resource r, long v) {
    return r == Resource.CPU ? v + "m" : Long.toString(v);
  }

  private static String describe(Container c) {
    return c.namespace() + "/" + c.target() + "/" + c.name();
  }

  private static String format(String text, Resource r, Object... values) {
    Object[] shown = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      shown[i] =
          values[i] instanceof Double v
              ? (r == Resource.CPU
                  ? String.format(Locale.ROOT, "%.0fm", v)
                  : String.format(Locale.ROOT, "%.0f", v))
              : values[i];
    }
    return String.format(Locale.ROOT, text, shown);
  }

  private static Actuation failed(Decision d, String why) {
    return new Actuation(d, Actuation.Status.FAILED, why);
  }

  /**
   * What one plan's bounds read from the API server, each once: every pod (for the requests on a
   * node and in a namespace), the nodes and the namespaces' quotas.
   */
  private final class Room {
    private List<Pod> pods;
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, List<ResourceQuota>> quotas = new HashMap<>();

    List<Pod> pods() {
      if (pods == null) {
        pods = cluster.client().pods().inAnyNamespace().list().getItems();
      }
      return pods;
    }

    Node node(String name) {
      Node n = nodes.get(name);
      if (n == null) {
        n = cluster.client().nodes().withName(name).get();
        if (n == null) {
          throw new KubernetesClientException("node " + name + " not found", 404, null);
        }
        nodes.put(name, n);
      }
      return n;
    }

    List<ResourceQuota> quotas(String ns) {
      return quotas.computeIfAbsent(
          ns, k -> cluster.client().resourceQuotas().inNamespace(k).list().getItems());
    }
  }
}
