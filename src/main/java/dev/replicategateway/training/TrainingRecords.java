package dev.replicategateway.training;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A training's destination, trigger word and trainer, beside its lifecycle row. */
@Repository
class TrainingRecords {

    record Details(String id, String destination, String triggerWord, String trainer) {}

    private final JdbcClient jdbc;

    TrainingRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Details details) {
        jdbc.sql("insert into trainings (id, destination, trigger_word, trainer) values (:id, :dest, :word, :trainer)")
                .param("id", details.id())
                .param("dest", details.destination())
                .param("word", details.triggerWord())
                .param("trainer", details.trainer())
                .update();
    }

    Optional<Details> find(String id) {
        return jdbc.sql("select id, destination, trigger_word, trainer from trainings where id = :id")
                .param("id", id)
                .query((rs, n) -> new Details(
                        rs.getString("id"),
                        rs.getString("destination"),
                        rs.getString("trigger_word"),
                        rs.getString("trainer")))
                .optional();
    }

    /** The trigger word of {@code owner}'s latest succeeded training into {@code destination} ({@code owner/name}). */
    Optional<String> latestTriggerWord(String owner, String destination) {
        return jdbc.sql(
                        """
                select t.trigger_word from trainings t join predictions p on p.id = t.id
                where t.destination = :dest and p.owner = :owner and p.status = 'SUCCEEDED' and t.trigger_word is not null
                order by p.completed_at desc limit 1""")
                .param("dest", destination)
                .param("owner", owner)
                .query(String.class)
                .optional();
    }
}
