package dev.replicategateway.upload;

import static java.time.ZoneOffset.UTC;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The upstream_files table: what was uploaded for whom, and when it is to be deleted upstream. */
@Repository
class UpstreamFiles {

    static final RowMapper<StoredUpload> ROW = (rs, n) -> new StoredUpload(
            rs.getString("id"),
            rs.getString("owner"),
            rs.getString("replicate_id"),
            rs.getString("url"),
            rs.getString("name"),
            rs.getString("content_type"),
            rs.getLong("size_bytes"),
            rs.getString("sha256"),
            rs.getString("prediction_id"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getInt("delete_attempts"));

    /** Ordered by the due index's columns: otherwise H2 reads every due row to sort them. */
    static final String DUE =
            """
            select * from upstream_files where deleted_at is null and delete_after <= :now
            order by deleted_at, delete_after
            limit :limit""";

    private final JdbcClient jdbc;

    UpstreamFiles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredUpload file, Instant deleteAfter) {
        jdbc.sql(
                        """
                insert into upstream_files (id, owner, replicate_id, url, name, content_type, size_bytes, sha256,
                                            prediction_id, created_at, delete_after)
                values (:id, :owner, :rid, :url, :name, :type, :size, :sha, :pid, :created, :deleteAfter)""")
                .param("id", file.id())
                .param("owner", file.owner())
                .param("rid", file.replicateId())
                .param("url", file.url())
                .param("name", file.name())
                .param("type", file.contentType())
                .param("size", file.size())
                .param("sha", file.sha256())
                .param("pid", file.predictionId())
                .param("created", file.createdAt().atOffset(UTC))
                .param("deleteAfter", deleteAfter == null ? null : deleteAfter.atOffset(UTC))
                .update();
    }

    /** A file that is still there: not deleted, and neither discarded nor expired (due for deletion). */
    Optional<StoredUpload> find(String owner, String id, Instant now) {
        return jdbc.sql(
                        """
                select * from upstream_files where id = :id and owner = :owner and deleted_at is null
                and (delete_after is null or delete_after > :now)""")
                .param("id", id)
                .param("owner", owner)
                .param("now", now.atOffset(UTC))
                .query(ROW)
                .optional();
    }

    List<StoredUpload> ofOwner(String owner, int limit, Instant now) {
        return jdbc.sql(
                        """
                select * from upstream_files where owner = :owner and deleted_at is null
                and (delete_after is null or delete_after > :now) order by created_at desc limit :limit""")
                .param("owner", owner)
                .param("now", now.atOffset(UTC))
                .param("limit", limit)
                .query(ROW)
                .list();
    }

    /** Ties a file to the prediction (or training) that uses it: it goes when that one is final. */
    void attach(String id, String predictionId) {
        jdbc.sql("update upstream_files set prediction_id = :pid, delete_after = null where id = :id")
                .param("pid", predictionId)
                .param("id", id)
                .update();
    }

    /** The files of a prediction that just became final are due for deletion now. */
    void dueWith(String predictionId, Instant now) {
        jdbc.sql("update upstream_files set delete_after = :now where prediction_id = :pid and deleted_at is null")
                .param("now", now.atOffset(UTC))
                .param("pid", predictionId)
                .update();
    }

    void dueNow(String id, Instant now) {
        jdbc.sql("update upstream_files set delete_after = :now where id = :id and deleted_at is null")
                .param("now", now.atOffset(UTC))
                .param("id", id)
                .update();
    }

    List<StoredUpload> due(Instant now, int limit) {
        return jdbc.sql(DUE)
                .param("now", now.atOffset(UTC))
                .param("limit", limit)
                .query(ROW)
                .list();
    }

    void deleted(String id, Instant now) {
        jdbc.sql("update upstream_files set deleted_at = :now where id = :id")
                .param("now", now.atOffset(UTC))
                .param("id", id)
                .update();
    }

    void retryDeleteAt(String id, Instant next) {
        jdbc.sql("update upstream_files set delete_attempts = delete_attempts + 1, delete_after = :next where id = :id")
                .param("next", next.atOffset(UTC))
                .param("id", id)
                .update();
    }
}
