package dev.replicategateway.quota;

import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Admissions per owner (and end user) and UTC day. A slot is taken by one conditional update, which
 * the store runs atomically (the row is locked for the rest of the accepting transaction): parallel
 * requests on any number of instances cannot pass a limit together, and no day's rows are counted.
 */
@Repository
class DailyUsage {

    /** The caller as a whole, rather than one of its end users. */
    static final String WHOLE_CALLER = "";

    record Day(int predictions, double spend) {}

    private final JdbcClient jdbc;

    DailyUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds {@code count} predictions and {@code cost} US$ to the day, if that stays within
     * {@code maxPredictions} and {@code maxSpend} (null: no spend limit); false (nothing added) otherwise.
     */
    boolean take(
            String owner, String user, LocalDate day, int count, double cost, int maxPredictions, Double maxSpend) {
        // The day's row exists but for the first admission of the day: one statement then.
        if (tryTake(owner, user, day, count, cost, maxPredictions, maxSpend)) {
            return true;
        }
        jdbc.sql(
                        """
                insert into caller_day_usage (owner, end_user, usage_day) values (:owner, :user, :day)
                on conflict do nothing""")
                .param("owner", owner)
                .param("user", user)
                .param("day", day)
                .update();
        return tryTake(owner, user, day, count, cost, maxPredictions, maxSpend);
    }

    private boolean tryTake(
            String owner, String user, LocalDate day, int count, double cost, int maxPredictions, Double maxSpend) {
        return jdbc.sql(
                                """
                update caller_day_usage set predictions = predictions + :count, spend = spend + :cost
                where owner = :owner and end_user = :user and usage_day = :day
                  and predictions + :count <= :maxPredictions
                  and (:unlimited or spend + :cost <= :maxSpend)""")
                        .param("count", count)
                        .param("cost", cost)
                        .param("owner", owner)
                        .param("user", user)
                        .param("day", day)
                        .param("maxPredictions", maxPredictions)
                        .param("unlimited", maxSpend == null)
                        .param("maxSpend", maxSpend == null ? 0.0 : maxSpend)
                        .update()
                == 1;
    }

    Day of(String owner, String user, LocalDate day) {
        return jdbc.sql(
                        "select predictions, spend from caller_day_usage where owner = :owner and end_user = :user and usage_day = :day")
                .param("owner", owner)
                .param("user", user)
                .param("day", day)
                .query((rs, n) -> new Day(rs.getInt("predictions"), rs.getDouble("spend")))
                .optional()
                .orElse(new Day(0, 0));
    }

    /** Replaces an estimate with what the work cost, on the day it was admitted (for the caller and its user). */
    void settle(String owner, String user, LocalDate day, double difference) {
        jdbc.sql(
                        """
                update caller_day_usage set spend = spend + :difference
                where owner = :owner and usage_day = :day and (end_user = :whole or end_user = :user)""")
                .param("difference", difference)
                .param("owner", owner)
                .param("day", day)
                .param("whole", WHOLE_CALLER)
                .param("user", user == null ? WHOLE_CALLER : user)
                .update();
    }
}
