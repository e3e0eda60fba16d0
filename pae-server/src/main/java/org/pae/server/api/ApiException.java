package org.pae.server.api;

import java.util.Optional;

/**
 * A request the API refuses: the HTTP status, a short title, what is wrong, and the field (body
 * member, query or path parameter) at fault. Rendered as RFC 9457 {@code application/problem+json}.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String title;
  private final transient Optional<String> field;

  public ApiException(int status, String title, String detail, String field) {
    super(detail);
    this.status = status;
    this.title = title;
    this.field = Optional.ofNullable(field);
  }

  public static ApiException badRequest(String field, String detail) {
    return new ApiException(400, "Bad request", detail, field);
  }

  public static ApiException invalid(String field, String detail) {
    return new ApiException(422, "Invalid value", detail, field);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "Not found", detail, null);
  }

  public static ApiException forbidden(String detail) {
    return new ApiException(403, "Forbidden", detail, null);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public Optional<String> field() {
    return field;
  }
}
