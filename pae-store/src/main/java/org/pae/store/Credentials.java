package org.pae.store;

import java.util.regex.Pattern;

/**
 * Hides the secrets a connection string may carry ({@code password=...} parameters, {@code
 * user:password@} in a URL) wherever a message or a log line may show one.
 */
public final class Credentials {
  private static final Pattern PARAMETER =
      Pattern.compile("(?i)\\b(password|passwd|pwd|sslpassword)=[^&;\\s]*");
  private static final Pattern USER_INFO = Pattern.compile("(://[^/:@\\s]*):[^@/\\s]*@");

  private Credentials() {}

  /** {@code text} with every password it holds replaced by {@code ***}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    return USER_INFO.matcher(PARAMETER.matcher(text).replaceAll("$1=***")).replaceAll("$1:***@");
  }
}
