package org.pae.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pae.core.registry.Registry;

/**
 * How {@code pae recommend} writes PAE's recommendations, as files a GitOps workflow commits.
 *
 * <ul>
 *   <li>{@code json}, {@code yaml}: one file, {@code recommendations.json} or {@code .yaml}: a list
 *       with one item per target ({@code namespace}, {@code target}) holding its {@code
 *       recommendation} in the shape of a VerticalPodAutoscaler's {@code status.recommendation}:
 *       {@code containerRecommendations[]} of {@code containerName}, {@code target} and {@code
 *       uncappedTarget} (PAE caps nothing VPA would).
 *   <li>{@code k8s}: one VerticalPodAutoscaler manifest per target, {@code
 *       <namespace>/<target>.yaml}, whose container policies set {@code minAllowed} and {@code
 *       maxAllowed} both to PAE's figures: VPA's recommendation is clamped to them, so a cluster
 *       running VPA applies PAE's sizes, in the update mode chosen ({@code Off}: recommend only).
 * </ul>
 */
public enum RecommendFormat {
  JSON,
  YAML,
  K8S;

  /** The controllers (apps/v1) a VerticalPodAutoscaler's targetRef names here. */
  static final List<String> TARGET_KINDS =
      List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet");

  /** VPA's update modes. */
  static final List<String> UPDATE_MODES =
      List.of("Off", "Initial", "Recreate", "InPlaceOrRecreate", "Auto");

  private static final ObjectMapper JSON_MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML_MAPPER =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  /** A format by its name, any case. */
  public static RecommendFormat parse(String name) {
    for (RecommendFormat f : values()) {
      if (f.name().equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw Registry.unknown(
        "recommendation format",
        name,
        Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
  }

  /**
   * Writes {@code recommendations} under {@code dir}; returns the files written.
   *
   * @param targetKind for {@code k8s}, the kind of the manifests' {@code targetRef} ({@code
   *     Deployment}, {@code StatefulSet}, ...)
   * @param updateMode for {@code k8s}, the manifests' {@code updatePolicy.updateMode}
   */
  public List<Path> write(
      List<Recommendation> recommendations, Path dir, String targetKind, String updateMode)
      throws IOException {
    if (this == K8S && !TARGET_KINDS.contains(targetKind)) {
      throw new IllegalArgumentException(
          "a VerticalPodAutoscaler targets one of "
              + String.join(", ", TARGET_KINDS)
              + ", not "
              + targetKind);
    }
    if (this == K8S && !UPDATE_MODES.contains(updateMode)) {
      throw new IllegalArgumentException(
          "updateMode is one of " + String.join(", ", UPDATE_MODES) + ", not " + updateMode);
    }
    Map<List<String>, Map<String, List<Recommendation>>> byTarget = group(recommendations);
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    switch (this) {
      case JSON, YAML -> {
        ArrayNode items = JSON_MAPPER.createArrayNode();
        byTarget.forEach(
            (t, containers) -> {
              ObjectNode item = items.addObject();
              item.put("namespace", t.get(0));
              item.put("target", t.get(1));
              item.set("recommendation", recommendation(containers));
            });
        Path file = dir.resolve("recommendations." + (this == JSON ? "json" : "yaml"));
        (this == JSON ? JSON_MAPPER : YAML_MAPPER).writeValue(file.toFile(), items);
        written.add(file);
      }
      case K8S -> {
        for (var e : byTarget.entrySet()) {
          String namespace = e.getKey().get(0);
          String target = e.getKey().get(1);
          Path file = dir.resolve(namespace).resolve(target + ".yaml");
          Files.createDirectories(file.getParent());
          YAML_MAPPER.writeValue(
              file.toFile(), manifest(namespace, target, e.getValue(), targetKind, updateMode));
          written.add(file);
        }
      }
    }
    return written;
  }

  /** By (namespace, target), then by container, in the order first seen. */
  private static Map<List<String>, Map<String, List<Recommendation>>> group(
      List<Recommendation> all) {
    Map<List<String>, Map<String, List<Recommendation>>> out = new LinkedHashMap<>();
    for (Recommendation r : all) {
      Container c = r.container();
      out.computeIfAbsent(List.of(c.namespace(), c.target()), k -> new LinkedHashMap<>())
          .computeIfAbsent(c.name(), k -> new ArrayList<>())
          .add(r);
    }
    return out;
  }

  private static ObjectNode recommendation(Map<String, List<Recommendation>> containers) {
    ObjectNode rec = JSON_MAPPER.createObjectNode();
    ArrayNode list = rec.putArray("containerRecommendations");
    containers.forEach(
        (name, rs) -> {
          ObjectNode c = list.addObject();
          c.put("containerName", name);
          c.set("target", resources(rs));
          c.set("uncappedTarget", resources(rs));
        });
    return rec;
  }

  private static ObjectNode resources(List<Recommendation> rs) {
    ObjectNode r = JSON_MAPPER.createObjectNode();
    for (Recommendation x : rs) {
      r.put(x.resource().key(), x.quantity());
    }
    return r;
  }

  private static ObjectNode manifest(
      String namespace,
      String target,
      Map<String, List<Recommendation>> containers,
      String targetKind,
      String updateMode) {
    ObjectNode m = JSON_MAPPER.createObjectNode();
    m.put("apiVersion", "autoscaling.k8s.io/v1");
    m.put("kind", "VerticalPodAutoscaler");
    ObjectNode meta = m.putObject("metadata");
    meta.put("name", target + "-pae");
    meta.put("namespace", namespace);
    meta.putObject("labels").put("app.kubernetes.io/managed-by", "pae");
    ObjectNode spec = m.putObject("spec");
    ObjectNode ref = spec.putObject("targetRef");
    ref.put("apiVersion", "apps/v1");
    ref.put("kind", targetKind);
    ref.put("name", target);
    spec.putObject("updatePolicy").put("updateMode", updateMode);
    ArrayNode policies = spec.putObject("resourcePolicy").putArray("containerPolicies");
    containers.forEach(
        (name, rs) -> {
          ObjectNode p = policies.addObject();
          p.put("containerName", name);
          p.set("minAllowed", resources(rs));
          p.set("maxAllowed", resources(rs));
          ArrayNode controlled = p.putArray("controlledResources");
          rs.forEach(r -> controlled.add(r.resource().key()));
        });
    return m;
  }
}
