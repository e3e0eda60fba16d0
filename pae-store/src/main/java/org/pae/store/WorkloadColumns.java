package org.pae.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;

/**
 * A workload's description as the stores keep it in a row, in eight columns in this order: its
 * name, {@code kind}, {@code parent}, {@code program}, {@code dependencies} and {@code patterns}
 * (one a line), {@code account}, {@code criticality}.
 */
public final class WorkloadColumns {
  private WorkloadColumns() {}

  /** Sets {@code w}'s eight columns from parameter {@code i} on; returns the next parameter. */
  public static int set(PreparedStatement p, int i, Workload w) throws SQLException {
    p.setString(i++, w.id().value());
    p.setString(i++, w.kind().name());
    p.setString(i++, w.parent().map(WorkloadId::value).orElse(null));
    p.setString(i++, w.program().id());
    p.setString(i++, String.join("\n", w.program().dependencies()));
    p.setString(i++, String.join("\n", w.program().accessPatterns()));
    p.setString(i++, w.account().value());
    p.setString(i++, w.criticality().name());
    return i;
  }

  /** The workload of the current row, named in column {@code name}. */
  public static Workload get(ResultSet r, String name) throws SQLException {
    return new Workload(
        WorkloadId.of(r.getString(name)),
        WorkloadKind.valueOf(r.getString("kind")),
        Optional.ofNullable(r.getString("parent")).map(WorkloadId::of),
        new ProgramCode(
            r.getString("program"),
            lines(r.getString("dependencies")),
            lines(r.getString("patterns"))),
        new AccountId(r.getString("account")),
        Criticality.valueOf(r.getString("criticality")));
  }

  private static List<String> lines(String s) {
    return s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
  }
}
