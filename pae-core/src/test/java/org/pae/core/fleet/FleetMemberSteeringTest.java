package org.pae.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Tuning;
import org.pae.core.config.SettingsSource;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Steering;
import org.pae.core.model.AccountId;
import org.pae.core.model.Limits;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/**
 * A fleet member's steering is the host's own with the quotas lowered to its share: every other
 * method of {@link Steering}, the defaults included, must reach the host's steering, or an
 * operator's pin, pause or tuning would be lost on a host that joined a fleet. Reflection finds
 * every method, so one added to {@code Steering} and not forwarded fails here.
 */
class FleetMemberSteeringTest {
  @Test
  void everyMethodButTheAccountReachesTheHostsSteering() throws Exception {
    List<String> called = new ArrayList<>();
    Steering local =
        (Steering)
            Proxy.newProxyInstance(
                Steering.class.getClassLoader(),
                new Class<?>[] {Steering.class},
                (proxy, method, args) -> {
                  called.add(method.getName());
                  return answer(method.getReturnType());
                });
    FleetMember member =
        new FleetMember(
            "h1",
            new Lease(Duration.ofMinutes(1)),
            Duration.ofMinutes(1),
            (FleetStore.Connection)
                Proxy.newProxyInstance(
                    FleetStore.Connection.class.getClassLoader(),
                    new Class<?>[] {FleetStore.Connection.class},
                    (proxy, method, args) -> {
                      throw new AssertionError("steering asked the store: " + method);
                    }),
            line -> {});
    Steering steering = member.steering(local);

    List<String> forwarded = new ArrayList<>();
    for (Method m : Steering.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getName().equals("account")) {
        continue;
      }
      called.clear();
      Object got = m.invoke(steering, arguments(m));
      assertThat(called).as(m.getName()).containsExactly(m.getName());
      assertThat(got).as(m.getName()).isEqualTo(answer(m.getReturnType()));
      forwarded.add(m.getName());
    }
    assertThat(forwarded).contains("bounds", "limits", "tuning", "paused", "pin");

    called.clear();
    assertThat(steering.account(AccountId.DEFAULT)).isEmpty();
    assertThat(called).containsExactly("account");
  }

  /** What the host's steering answers, unlike any default. */
  private static Object answer(Class<?> type) {
    if (type == LoopBounds.class) {
      return LoopBounds.read(SettingsSource.of(Map.of()), Optional.of(Resource.CPU));
    }
    if (type == Limits.class) {
      return new Limits(3, 7);
    }
    if (type == Tuning.class) {
      return new Tuning(Map.of("margin", 1.5));
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == double.class) {
      return 2.5;
    }
    if (type == OptionalDouble.class) {
      return OptionalDouble.of(42);
    }
    if (type == Optional.class) {
      return Optional.empty();
    }
    throw new AssertionError("no answer for a method returning " + type);
  }

  private static Object[] arguments(Method m) {
    Object[] args = new Object[m.getParameterCount()];
    Class<?>[] types = m.getParameterTypes();
    for (int i = 0; i < args.length; i++) {
      Class<?> t = types[i];
      args[i] =
          t == Workload.class
              ? Workload.of("w", WorkloadKind.VM)
              : t == Resource.class
                  ? Resource.MEMORY
                  : t == Instant.class
                      ? Instant.EPOCH
                      : t == Duration.class
                          ? Duration.ofHours(1)
                          : t == AccountId.class ? AccountId.DEFAULT : null;
      if (args[i] == null) {
        throw new AssertionError("no argument for " + t + " of " + m);
      }
    }
    return args;
  }
}
