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
import org.pae.core.ports.OperatorState;

/**
 * API tokens: 256 random bits, shown once when issued and stored only as their SHA-256. A presented
 * token is hashed and compared in constant time with the stored hash; the token itself is never
 * kept, logged or echoed. Made over an {@link OperatorState}, it keeps the hashes of the tokens it
 * issues there (saved before the token is handed out) and knows them again after a restart.
 */
public final class TokenStore {
  /** Every token starts with this, so a leaked one is easy to recognise and scan for. */
  public static final String PREFIX = "pae_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, Entry> byHash = new ConcurrentHashMap<>();

  private static final String TOKEN = "token";
  private final Optional<OperatorState> saved;

  private record Entry(byte[] hash, Principal principal) {}

  /** Tokens kept in memory only. */
  public TokenStore() {
    this.saved = Optional.empty();
  }

  /** The tokens issued before, read from {@code state}, where every new one is saved. */
  public TokenStore(OperatorState state) {
    this.saved = Optional.of(state);
    state
        .all()
        .getOrDefault(TOKEN, Map.of())
        .forEach(
            (hex, name) ->
                byHash.put(
                    hex,
                    new Entry(
                        HexFormat.of().parseHex(hex), new Principal(name, Optional.empty()))));
  }

  /**
   * Issues a new token for {@code principal}: the only time the token is seen. A saved token stands
   * for a principal with no role everywhere: the host's operator token is never issued here.
   */
  public String issue(Principal principal) {
    String token = newToken();
    if (saved.isPresent()) {
      saved
          .get()
          .put(TOKEN, HexFormat.of().formatHex(sha256(token)), Optional.of(principal.name()));
    }
    add(token, principal);
    return token;
  }

  /** A new token, registered nowhere: 256 random bits after {@link #PREFIX}. */
  public static String newToken() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
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
