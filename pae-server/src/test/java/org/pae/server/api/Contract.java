package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * openapi.yaml as a test oracle: which operations and responses exist, and the JSON Schema
 * (2020-12, as OpenAPI 3.1 uses) of each response body.
 */
final class Contract {
  private static final String BASE = "urn:pae:openapi";

  final String yaml;
  final OpenAPI openapi;
  final JsonNode doc;
  private final SchemaRegistry registry;
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  /** operation ("GET /path") → statuses seen. */
  final Map<String, Set<Integer>> seen = new ConcurrentHashMap<>();

  Contract() {
    try (InputStream in = Contract.class.getResourceAsStream("/openapi.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
    assertThat(result.getMessages()).as("openapi.yaml parses without messages").isEmpty();
    openapi = result.getOpenAPI();
    assertThat(openapi.getOpenapi()).isEqualTo("3.1.0");
    doc = new YAMLMapper().readTree(yaml);
    String json = new ObjectMapper().writeValueAsString(doc);
    registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(BASE, json)));
  }

  /** Every operation of the document as {@code METHOD /path}. */
  Set<String> operations() {
    Set<String> out = new TreeSet<>();
    doc.get("paths")
        .properties()
        .forEach(
            e ->
                e.getValue()
                    .properties()
                    .forEach(
                        m -> {
                          if (Set.of("get", "put", "post", "delete", "patch")
                              .contains(m.getKey())) {
                            out.add(m.getKey().toUpperCase(Locale.ROOT) + " " + e.getKey());
                          }
                        }));
    return out;
  }

  /** The documented statuses of an operation. */
  Set<Integer> statuses(String operation) {
    Set<Integer> out = new TreeSet<>();
    operation(operation)
        .get("responses")
        .propertyNames()
        .forEach(s -> out.add(Integer.parseInt(s)));
    return out;
  }

  private JsonNode operation(String operation) {
    String[] mp = operation.split(" ", 2);
    JsonNode path = doc.get("paths").get(mp[1]);
    assertThat(path).as("documented path %s", mp[1]).isNotNull();
    JsonNode op = path.get(mp[0].toLowerCase(Locale.ROOT));
    assertThat(op).as("documented operation %s", operation).isNotNull();
    return op;
  }

  /**
   * Checks one exchange against the document: the concrete path fits the template, the status is
   * documented for the operation, the content type is one it documents, and the body matches its
   * schema. Returns the status.
   */
  int check(String operation, String concretePath, Fixture.Reply reply) {
    String template = operation.split(" ", 2)[1];
    String regex = Pattern.quote(template).replaceAll("\\{[^}]+\\}", "\\\\E[^/]+\\\\Q");
    assertThat(concretePath.split("\\?")[0]).matches(regex);
    JsonNode op = operation(operation);
    String status = String.valueOf(reply.status());
    JsonNode response = op.get("responses").get(status);
    assertThat(response)
        .as(
            "%s %s answered %s, which the document does not list: %s",
            operation, concretePath, status, reply.body())
        .isNotNull();
    String base = pointerOf(operation, status);
    if (response.has("$ref")) {
      base = response.get("$ref").asString().substring(1);
      response = resolve(response.get("$ref").asString());
    }
    seen.computeIfAbsent(operation, k -> ConcurrentHashMap.newKeySet()).add(reply.status());
    JsonNode content = response.get("content");
    if (content == null) {
      assertThat(reply.body()).as("%s %s has no body", operation, status).isEmpty();
      return reply.status();
    }
    String type = reply.contentType().split(";")[0].trim();
    assertThat(content.has(type))
        .as(
            "%s %s content type %s is documented (%s)",
            operation, status, type, content.propertyNames())
        .isTrue();
    if (type.endsWith("json")) {
      Schema schema =
          schemas.computeIfAbsent(
              base + "/content/" + escape(type) + "/schema",
              p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
      List<Error> errors = schema.validate(reply.body(), InputFormat.JSON);
      assertThat(errors)
          .as("%s %s body %s against %s", operation, status, clip(reply.body()), base)
          .isEmpty();
    } else {
      assertThat(reply.body()).isNotEmpty();
    }
    return reply.status();
  }

  private String pointerOf(String operation, String status) {
    String[] mp = operation.split(" ", 2);
    return "/paths/"
        + escape(mp[1])
        + "/"
        + mp[0].toLowerCase(Locale.ROOT)
        + "/responses/"
        + status;
  }

  private JsonNode resolve(String ref) {
    JsonNode n = doc;
    for (String part : ref.substring(2).split("/")) {
      n = n.get(part.replace("~1", "/").replace("~0", "~"));
    }
    return n;
  }

  private static String escape(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }

  private static String clip(String s) {
    return s.length() > 600 ? s.substring(0, 600) + "…" : s;
  }

  /** Operations with documented statuses never seen. */
  Map<String, Set<Integer>> unseen() {
    Map<String, Set<Integer>> out = new HashMap<>();
    for (String op : operations()) {
      Set<Integer> missing = new TreeSet<>(statuses(op));
      missing.removeAll(seen.getOrDefault(op, Set.of()));
      if (!missing.isEmpty()) {
        out.put(op, missing);
      }
    }
    return out;
  }
}
