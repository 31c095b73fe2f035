package dev.replicategateway.catalog;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The model_schemas table: each reference's schema as fetched, shared by every instance. */
@Repository
class StoredSchemas {

    record Stored(String ref, String model, String versionId, String openapi, Instant fetchedAt, boolean stale) {}

    private final JdbcClient jdbc;

    StoredSchemas(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(String ref) {
        return jdbc.sql("select * from model_schemas where ref = :ref")
                .param("ref", ref)
                .query((rs, n) -> new Stored(
                        rs.getString("ref"),
                        rs.getString("model"),
                        rs.getString("version_id"),
                        rs.getString("openapi_schema"),
                        rs.getObject("fetched_at", OffsetDateTime.class).toInstant(),
                        rs.getBoolean("stale")))
                .optional();
    }

    /** A bare version id names no model: its schema is found by the version of another reference. */
    Optional<Stored> findByVersion(String versionId) {
        return jdbc.sql("select * from model_schemas where version_id = :version order by fetched_at desc limit 1")
                .param("version", versionId)
                .query((rs, n) -> new Stored(
                        rs.getString("ref"),
                        rs.getString("model"),
                        rs.getString("version_id"),
                        rs.getString("openapi_schema"),
                        rs.getObject("fetched_at", OffsetDateTime.class).toInstant(),
                        rs.getBoolean("stale")))
                .optional();
    }

    void save(String ref, String model, String versionId, String openapi, Instant now) {
        int updated = jdbc.sql(
                        """
                update model_schemas set model = :model, version_id = :version, openapi_schema = :schema,
                                         fetched_at = :now, stale = false
                where ref = :ref""")
                .param("model", model)
                .param("version", versionId)
                .param("schema", openapi)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("ref", ref)
                .update();
        if (updated == 0) {
            jdbc.sql(
                            """
                    insert into model_schemas (ref, model, version_id, openapi_schema, fetched_at)
                    values (:ref, :model, :version, :schema, :now)
                    on conflict do nothing""")
                    .param("ref", ref)
                    .param("model", model)
                    .param("version", versionId)
                    .param("schema", openapi)
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .update();
        }
    }

    void markStale(String ref) {
        jdbc.sql("update model_schemas set stale = true where ref = :ref")
                .param("ref", ref)
                .update();
    }
}
