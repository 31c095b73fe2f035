package dev.replicategateway.training;

import static dev.replicategateway.common.ModelNames.key;

import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A training's destination, trigger word and trainer, beside its lifecycle row. */
@Repository
class TrainingRecords {

    record Details(String id, String destination, String triggerWord, String trainer) {}

    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{64}");

    /**
     * Led by the trainings, each looked up by id: as a join, H2 read every succeeded prediction through
     * the status index to match the version (185 ms behind 200,000 of them, for each request naming one).
     */
    static final String DESTINATION_OF_VERSION =
            """
            select t.destination from trainings t
            where exists (select 1 from predictions p
                          where p.id = t.id and p.status = 'SUCCEEDED' and p.output like :version)
            order by (select p.completed_at from predictions p where p.id = t.id) desc limit 1""";

    private final JdbcClient jdbc;

    TrainingRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Details details) {
        jdbc.sql(
                        """
                insert into trainings (id, destination, destination_key, trigger_word, trainer)
                values (:id, :dest, :key, :word, :trainer)""")
                .param("id", details.id())
                .param("dest", details.destination())
                .param("key", key(details.destination()))
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

    /**
     * The destination ({@code owner/name}) of the succeeded training that made the version {@code versionId}
     * (64 hex digits), found in the training's output ({@code "version": "owner/name:<id>"}).
     */
    Optional<String> destinationOfVersion(String versionId) {
        if (!VERSION_ID.matcher(versionId).matches()) {
            return Optional.empty();
        }
        return jdbc.sql(DESTINATION_OF_VERSION)
                .param("version", "%:" + versionId + "\"%")
                .query(String.class)
                .optional();
    }

    /**
     * The trigger word of {@code owner}'s latest succeeded training into {@code destination} ({@code owner/name}),
     * whatever the case either is written in.
     */
    Optional<String> latestTriggerWord(String owner, String destination) {
        return latestTriggerWord(owner, "t.destination_key = :dest", key(destination))
                // Written by an instance of the release before V16, during a rolling upgrade.
                .or(() -> latestTriggerWord(owner, "t.destination_key is null and t.destination = :dest", destination));
    }

    private Optional<String> latestTriggerWord(String owner, String destinationIs, String destination) {
        return jdbc.sql(
                        """
                select t.trigger_word from trainings t join predictions p on p.id = t.id
                where %s and p.owner = :owner and p.status = 'SUCCEEDED' and t.trigger_word is not null
                order by p.completed_at desc limit 1"""
                                .formatted(destinationIs))
                .param("dest", destination)
                .param("owner", owner)
                .query(String.class)
                .optional();
    }
}
