package org.pae.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Prometheus's HTTP query API ({@code /api/v1/query}, {@code /api/v1/query_range}): PromQL in,
 * labelled values out. A failure — the server unreachable, an HTTP error, a query Prometheus
 * refuses — is a {@link PrometheusException} carrying Prometheus's own message.
 */
public final class PrometheusClient {
  /** Prometheus refuses a range query of more points than this per series. */
  static final int MAX_POINTS = 11_000;

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param base the server, {@code http://127.0.0.1:9090}
   * @param timeout how long one request may take
   */
  public PrometheusClient(URI base, Duration timeout) {
    String s = Objects.requireNonNull(base, "base").toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public URI base() {
    return base;
  }

  /** One series' value at one time. */
  public record Sample(Map<String, String> labels, double value) {}

  /** One series over a range: {@code values[i]} at {@code epochMillis[i]}, oldest first. */
  public record Series(Map<String, String> labels, long[] epochMillis, double[] values) {}

  /** A failed request, with what Prometheus or the connection said. */
  public static final class PrometheusException extends Exception {
    private static final long serialVersionUID = 1L;

    PrometheusException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code promql} evaluated at {@code time}: one sample per series of the resulting vector. */
  public List<Sample> query(String promql, Instant time) throws PrometheusException {
    JsonNode data =
        get("api/v1/query", "query=" + encode(promql) + "&time=" + seconds(time), promql);
    List<Sample> out = new ArrayList<>();
    for (JsonNode r : results(data, "vector", promql)) {
      out.add(new Sample(labels(r.get("metric")), number(r.get("value").get(1))));
    }
    return out;
  }

  /**
   * {@code promql} evaluated every {@code step} from {@code start} to {@code end} inclusive, in as
   * many requests as Prometheus's limit of points per series needs; each series once, its samples
   * joined in time order.
   */
  public List<Series> queryRange(String promql, Instant start, Instant end, Duration step)
      throws PrometheusException {
    long stepMillis = step.toMillis();
    if (stepMillis < 1) {
      throw new IllegalArgumentException("a range query's step must be at least 1 ms: " + step);
    }
    Map<Map<String, String>, Points> bySeries = new java.util.LinkedHashMap<>();
    Instant from = start;
    while (!from.isAfter(end)) {
      Instant to = from.plusMillis(stepMillis * (MAX_POINTS - 1));
      if (to.isAfter(end)) {
        to = end;
      }
      JsonNode data =
          get(
              "api/v1/query_range",
              "query="
                  + encode(promql)
                  + "&start="
                  + seconds(from)
                  + "&end="
                  + seconds(to)
                  + "&step="
                  + stepMillis / 1000.0,
              promql);
      for (JsonNode r : results(data, "matrix", promql)) {
        Points p = bySeries.computeIfAbsent(labels(r.get("metric")), k -> new Points());
        for (JsonNode v : r.get("values")) {
          p.add(Math.round(v.get(0).asDouble() * 1000), number(v.get(1)));
        }
      }
      from = to.plusMillis(stepMillis);
    }
    List<Series> out = new ArrayList<>(bySeries.size());
    bySeries.forEach((labels, p) -> out.add(p.series(labels)));
    return out;
  }

  private static final class Points {
    private long[] times = new long[64];
    private double[] values = new double[64];
    private int n;

    void add(long t, double v) {
      if (n == times.length) {
        times = java.util.Arrays.copyOf(times, n * 2);
        values = java.util.Arrays.copyOf(values, n * 2);
      }
      times[n] = t;
      values[n++] = v;
    }

    Series series(Map<String, String> labels) {
      return new Series(
          labels, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(values, n));
    }
  }

  private JsonNode get(String path, String query, String promql) throws PrometheusException {
    URI uri = base.resolve(path + "?" + query);
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PrometheusException("cannot reach Prometheus at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusException("interrupted while querying Prometheus at " + base, e);
    }
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new PrometheusException(
          "Prometheus at "
              + base
              + " answered HTTP "
              + response.statusCode()
              + " with no JSON for "
              + promql,
          e);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw new PrometheusException(
          "Prometheus at "
              + base
              + " refused "
              + promql
              + ": "
              + body.path("errorType").asText("HTTP " + response.statusCode())
              + ": "
              + body.path("error").asText(""),
          null);
    }
    return body.get("data");
  }

  private static JsonNode results(JsonNode data, String type, String promql)
      throws PrometheusException {
    String got = data.path("resultType").asText();
    if (!type.equals(got)) {
      throw new PrometheusException(
          "the query " + promql + " gives a " + got + ", not a " + type + " of series", null);
    }
    return data.get("result");
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** Prometheus writes values as strings, NaN and ±Inf included. */
  private static double number(JsonNode v) {
    return switch (v.asText()) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v.asText());
    };
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String seconds(Instant t) {
    return java.math.BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
  }
}
