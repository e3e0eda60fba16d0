package org.pae.prometheus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
      out.add(new Sample(labels(r.get("metric")), number(r.get("value").get(1).asText())));
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
      matrix(
          "query="
              + encode(promql)
              + "&start="
              + seconds(from)
              + "&end="
              + seconds(to)
              + "&step="
              + stepMillis / 1000.0,
          promql,
          bySeries);
      from = to.plusMillis(stepMillis);
    }
    List<Series> out = new ArrayList<>(bySeries.size());
    bySeries.forEach((labels, p) -> out.add(p.series(labels)));
    return out;
  }

  /**
   * One {@code query_range} request, its answer parsed as it streams in (a week of a thousand
   * series is some 10 million points: as a JSON tree it would take gigabytes), each series' points
   * appended to {@code into}.
   */
  private void matrix(String query, String promql, Map<Map<String, String>, Points> into)
      throws PrometheusException {
    URI uri = base.resolve("api/v1/query_range?" + query);
    HttpResponse<InputStream> response = send(uri, HttpResponse.BodyHandlers.ofInputStream());
    String status = null;
    String errorType = null;
    String error = "";
    String resultType = null;
    try (InputStream in = response.body();
        JsonParser p = json.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "status" -> status = p.getText();
          case "errorType" -> errorType = p.getText();
          case "error" -> error = p.getText();
          case "data" -> resultType = data(p, into);
          default -> p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new PrometheusException(
          "Prometheus at "
              + base
              + " answered HTTP "
              + response.statusCode()
              + " with no readable JSON for "
              + promql
              + ": "
              + e.getMessage(),
          e);
    }
    if (!"success".equals(status)) {
      throw new PrometheusException(
          "Prometheus at "
              + base
              + " refused "
              + promql
              + ": "
              + (errorType != null ? errorType : "HTTP " + response.statusCode())
              + ": "
              + error,
          null);
    }
    if (!"matrix".equals(resultType)) {
      throw new PrometheusException(
          "the query " + promql + " gives a " + resultType + ", not a matrix of series", null);
    }
  }

  /** Reads {@code data} ({@code resultType}, {@code result}); returns the result type. */
  private static String data(JsonParser p, Map<Map<String, String>, Points> into)
      throws IOException {
    String resultType = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("resultType")) {
        resultType = p.getText();
      } else if (field.equals("result")
          && t == JsonToken.START_ARRAY
          && "matrix".equals(resultType)) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          Map<String, String> labels = new TreeMap<>();
          Points points = new Points();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("metric")) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                labels.put(name, p.getText());
              }
            } else if (f.equals("values")) {
              while (p.nextToken() == JsonToken.START_ARRAY) {
                p.nextToken();
                long millis = Math.round(p.getDoubleValue() * 1000);
                p.nextToken();
                double v = number(p.getText());
                p.nextToken();
                points.add(millis, v);
              }
            } else {
              p.skipChildren();
            }
          }
          into.merge(labels, points, Points::append);
        }
      } else {
        p.skipChildren();
      }
    }
    return resultType;
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

    /** This one's points followed by {@code later}'s. */
    Points append(Points later) {
      for (int i = 0; i < later.n; i++) {
        add(later.times[i], later.values[i]);
      }
      return this;
    }

    Series series(Map<String, String> labels) {
      return new Series(
          labels, java.util.Arrays.copyOf(times, n), java.util.Arrays.copyOf(values, n));
    }
  }

  /** A GET of {@code uri}; a Prometheus that cannot be reached is a {@link PrometheusException}. */
  private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> body)
      throws PrometheusException {
    try {
      return http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), body);
    } catch (IOException e) {
      throw new PrometheusException("cannot reach Prometheus at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusException("interrupted while querying Prometheus at " + base, e);
    }
  }

  private JsonNode get(String path, String query, String promql) throws PrometheusException {
    URI uri = base.resolve(path + "?" + query);
    HttpResponse<String> response = send(uri, HttpResponse.BodyHandlers.ofString());
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
  private static double number(String v) {
    return switch (v) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(v);
    };
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String seconds(Instant t) {
    return java.math.BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
  }
}
