package org.pae.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.ForecasterProvider;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.lstm.LstmFleet;
import org.pae.ml.lstm.LstmNetwork;

/**
 * Registers the learned models wherever this jar is on the class path: {@code lstm} ({@code
 * forecast.lstm.model = DIR}, a network saved by {@link LstmNetwork#save}) and {@code cf} ({@code
 * forecast.cf.model = DIR}, one model per resource saved by {@link CfFleet#save}). Their calendar
 * is the default one (UTC, no events): put event windows on top with the settings' {@code
 * context.*} keys.
 */
public final class LearnedModels implements ForecasterProvider {
  @Override
  public void register(ForecasterRegistry registry) {
    registry.register(
        LstmFleet.NAME,
        params -> {
          try {
            return LstmFleet.serving(
                LstmNetwork.load(path(LstmFleet.NAME, params)), ContextCalendar.UTC);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    registry.register(
        CfFleet.NAME,
        params -> {
          try {
            return new CfFleet(CfFleet.load(path(CfFleet.NAME, params)), ContextCalendar.UTC);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static Path path(String model, Map<String, String> params) {
    String p = params.get("model");
    if (p == null || p.isBlank()) {
      throw new IllegalArgumentException(
          "forecast." + model + ".model must name the trained model to load");
    }
    return Path.of(p);
  }
}
