package org.pae.core.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every pluggable thing of PAE by kind and name: forecasters, allocation policies, replay
 * baselines, trace formats, and the kinds other modules add. A name nobody registered is refused as
 * {@code unknown forecaster 'arma'; did you mean 'arima'? known: ...}. Entries keep the order they
 * were registered in (the order reports list them).
 *
 * <p>Modules add their entries with a {@link RegistryProvider} found by {@link ServiceLoader} or
 * with {@link #include}, which runs a module's registrations once per registry.
 */
public final class Registry {
  private final Map<Kind<?>, Map<String, Entry<?>>> entries = new LinkedHashMap<>();
  private final Set<String> included = new HashSet<>();

  /** The entries of every {@link RegistryProvider} on the class path of {@code loader}. */
  public static Registry discovered(ClassLoader loader) {
    Registry r = new Registry();
    ServiceLoader.load(RegistryProvider.class, loader).forEach(p -> r.include(p.name(), p));
    return r;
  }

  /**
   * Runs {@code registrations} unless a contribution of the same name was included already: a
   * module's standard entries go in once, whoever asks for them first.
   */
  public synchronized Registry include(String contribution, Consumer<Registry> registrations) {
    if (included.add(contribution)) {
      registrations.accept(this);
    }
    return this;
  }

  /** Registers {@code value} as the {@code kind} named {@code name}; a name taken is refused. */
  public <T> Registry register(Kind<T> kind, String name, String description, T value) {
    return register(new Entry<>(kind, name, description, Map.of(), value));
  }

  /** Registers an entry; a name its kind has already is refused. */
  public synchronized <T> Registry register(Entry<T> entry) {
    Map<String, Entry<?>> byName =
        entries.computeIfAbsent(entry.kind(), k -> new LinkedHashMap<>());
    if (byName.putIfAbsent(entry.name(), entry) != null) {
      throw new IllegalArgumentException(
          entry.kind() + " '" + entry.name() + "' is registered already");
    }
    return this;
  }

  /** Whether a {@code kind} named {@code name} is registered. */
  public synchronized boolean contains(Kind<?> kind, String name) {
    return entries.getOrDefault(kind, Map.of()).containsKey(name);
  }

  /** The entry of the {@code kind} named {@code name}; an unknown name is refused. */
  @SuppressWarnings("unchecked") // register() keys every entry by its own kind
  public synchronized <T> Entry<T> entry(Kind<T> kind, String name) {
    Entry<?> e = entries.getOrDefault(kind, Map.of()).get(name);
    if (e == null) {
      throw unknown(kind.name(), name, names(kind));
    }
    return (Entry<T>) e;
  }

  /** What the {@code kind} named {@code name} holds; an unknown name is refused. */
  public <T> T get(Kind<T> kind, String name) {
    return entry(kind, name).value();
  }

  /** The entries of {@code kind}, in the order they were registered. */
  @SuppressWarnings("unchecked") // as in entry()
  public synchronized <T> List<Entry<T>> entries(Kind<T> kind) {
    List<Entry<T>> out = new ArrayList<>();
    entries.getOrDefault(kind, Map.of()).values().forEach(e -> out.add((Entry<T>) e));
    return out;
  }

  /** The names of {@code kind}, in the order they were registered. */
  public synchronized List<String> names(Kind<?> kind) {
    return List.copyOf(entries.getOrDefault(kind, Map.of()).keySet());
  }

  /** The kinds registered so far, in the order their first entries came. */
  public synchronized List<Kind<?>> kinds() {
    return List.copyOf(entries.keySet());
  }

  /**
   * The error for a name that is not among {@code known}: {@code unknown <what> '<name>'; did you
   * mean '<closest>'? known: a, b, c} (the suggestion only when one is close).
   */
  public static IllegalArgumentException unknown(
      String what, String name, Collection<String> known) {
    Objects.requireNonNull(name, "name");
    String hint = Names.closest(name, known).map(c -> "; did you mean '" + c + "'?").orElse(";");
    return new IllegalArgumentException(
        "unknown " + what + " '" + name + "'" + hint + " known: " + String.join(", ", known));
  }
}
