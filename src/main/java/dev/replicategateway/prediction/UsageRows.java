package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What an owner ran, by UTC day, kind and model: the report behind {@code /usage}. */
@Repository
class UsageRows {

    private final JdbcClient jdbc;

    UsageRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param user one end user's work only, or null for all of the owner's */
    List<PredictionQueries.UsageRow> since(String owner, String user, Instant since) {
        return jdbc.sql(
                        """
                select cast(created_at as date) as usage_day, kind, model, count(*) as n,
                       sum(case when status = 'SUCCEEDED' then 1 else 0 end) as ok,
                       coalesce(sum(predict_time), 0) as seconds,
                       coalesce(sum(coalesce(cost, estimated_cost)), 0) as spend
                from predictions where owner = :owner and created_at >= :since
                  and (:anyUser or end_user = :user)
                group by cast(created_at as date), kind, model
                order by usage_day desc, kind, model""")
                .param("owner", owner)
                .param("since", ts(since))
                .param("anyUser", user == null)
                .param("user", user == null ? "" : user)
                .query((rs, n) -> new PredictionQueries.UsageRow(
                        rs.getObject("usage_day", LocalDate.class),
                        WorkKind.ofColumn(rs.getString("kind")),
                        rs.getString("model"),
                        rs.getLong("n"),
                        rs.getLong("ok"),
                        rs.getDouble("seconds"),
                        rs.getDouble("spend")))
                .list();
    }
}
