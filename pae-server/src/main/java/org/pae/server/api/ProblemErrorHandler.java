package org.pae.server.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own answers, to requests it refuses before any route sees them (a malformed URI or
 * header: 400; a URI too long: 414; headers too large: 431), as the problem documents the API
 * answers with everywhere else, never Jetty's HTML page. Whatever the method, they carry the
 * document.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private static final HttpField CONTENT_TYPE =
      new HttpField(HttpHeader.CONTENT_TYPE, ApiServer.PROBLEM);

  /** The path of the request Jetty (12.1) makes up for one it could not parse. */
  private static final String BAD_MESSAGE = "/badMessage";

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = request.getAttribute(ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    if (BAD_MESSAGE.equals(path)) {
      // Jetty's stand-in for a request line it could not parse (a malformed URI): no path of the
      // client's to name.
      path = null;
    }
    response.getHeaders().put(CONTENT_TYPE);
    response.getHeaders().put(ERROR_CACHE_CONTROL);
    response.write(
        true,
        ByteBuffer.wrap(
            ApiServer.problemBody(
                status, detail(status, request.getAttribute(ERROR_MESSAGE)), path, null)),
        callback);
    return true;
  }

  /** The answer to a request so malformed that Jetty makes no request of it. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(CONTENT_TYPE);
    return ByteBuffer.wrap(ApiServer.problemBody(status, detail(status, reason), null, null));
  }

  private static String detail(int status, Object reason) {
    String why = reason instanceof String r && !r.isBlank() ? " (" + r + ")" : "";
    return switch (status) {
          case 400 -> "the request is malformed";
          case 414 -> "the request's URI is longer than the server takes";
          case 431 -> "the request's headers are larger than the server takes";
          default -> "the server refused the request";
        }
        + why;
  }
}
