package org.pae.server.state;

import java.util.Objects;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.model.AccountId;

/** An anomaly as the API lists it: the anomaly as it last stood, and its workload's account. */
public record AnomalyRecord(Anomaly anomaly, AccountId account) {
  public AnomalyRecord {
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(account, "account");
  }
}
