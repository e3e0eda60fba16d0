package org.pae.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API tokens: 256 random bits, shown once when issued and stored only as their SHA-256. A presented
 * token is hashed and compared in constant time with the stored hash; the token itself is never
 * kept, logged or echoed.
 */
public final class TokenStore {
  /** Every token starts with this, so a leaked one is easy to recognise and scan for. */
  public static final String PREFIX = "pae_";

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Entry> byHash = new ConcurrentHashMap<>();

  private record Entry(byte[] hash, Principal principal) {}

  /** Issues a new token for {@code principal}: the only time the token is seen. */
  public String issue(Principal principal) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    add(token, principal);
    return token;
  }

  /** Registers a token the caller already holds (e.g. read from the operator's token file). */
  public void add(String token, Principal principal) {
    byte[] hash = sha256(token);
    byHash.put(HexFormat.of().formatHex(hash), new Entry(hash, principal));
  }

  /** Who the token stands for; empty for an unknown or malformed one. */
  public Optional<Principal> authenticate(String token) {
    if (token == null || token.length() > 200 || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    byte[] hash = sha256(token);
    Entry e = byHash.get(HexFormat.of().formatHex(hash));
    if (e == null || !MessageDigest.isEqual(e.hash(), hash)) {
      return Optional.empty();
    }
    return Optional.of(e.principal());
  }

  /** Whether {@code name} is a principal with a role in every account (the host's operator). */
  public boolean holdsEverywhere(String name) {
    return byHash.values().stream()
        .anyMatch(e -> e.principal().name().equals(name) && e.principal().everywhere().isPresent());
  }

  public int size() {
    return byHash.size();
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
