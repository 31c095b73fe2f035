package dev.replicategateway.upload;

import static dev.replicategateway.support.H2Plans.assertReadsOnlyWhatItTakes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** Upstream files on the embedded default store, behind a backlog of files due for deletion. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
@Import(UpstreamFiles.class)
class H2UpstreamFilesTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    UpstreamFiles files;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void findingFilesToDeleteReadsOnlyTheOnesItTakesHoweverManyAreDue() {
        for (int i = 0; i < 300; i++) {
            files.insert(upload("up_" + i), now.minusSeconds(300 - i));
        }
        files.insert(upload("up_kept"), null);
        // Ordered by delete_after alone, H2 read and sorted all 300 (301)
        assertReadsOnlyWhatItTakes(jdbc, UpstreamFiles.DUE, Map.of("now", now.atOffset(ZoneOffset.UTC)));
        assertThat(files.due(now, 16)).extracting(StoredUpload::id).hasSize(16).startsWith("up_0", "up_1");
    }

    private StoredUpload upload(String id) {
        return new StoredUpload(
                id,
                "acme",
                "rf_" + id,
                "https://api.replicate.com/v1/files/rf_" + id,
                "in.png",
                "image/png",
                10,
                "ab",
                null,
                now,
                0);
    }
}
