package dev.replicategateway.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** Finding the training behind a version id, on the embedded store, behind many stored predictions. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
class TrainingRecordsTests {

    private static final String VERSION = "7".repeat(64);

    @Autowired
    JdbcClient jdbc;

    private TrainingRecords records;

    @BeforeEach
    void store() {
        records = new TrainingRecords(jdbc);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < 300; i++) {
            row("gw_p" + i, "prediction", "[\"https://replicate.delivery/x/" + i + ".webp\"]", now);
        }
        row("gw_t1", "training", "{\"version\":\"me/older:" + "1".repeat(64) + "\"}", now.minusHours(1));
        row("gw_t2", "training", "{\"version\":\"me/portraits:" + VERSION + "\"}", now);
        records.insert(new TrainingRecords.Details("gw_t1", "me/older", "OLD", "ostris/flux-dev-lora-trainer"));
        records.insert(new TrainingRecords.Details("gw_t2", "me/portraits", "TOK", "ostris/flux-dev-lora-trainer"));
    }

    @Test
    void aVersionIdNamesTheModelOfTheTrainingThatMadeIt() {
        assertThat(records.destinationOfVersion(VERSION)).contains("me/portraits");
        assertThat(records.destinationOfVersion("9".repeat(64))).isEmpty();
        assertThat(records.destinationOfVersion("me/portraits")).isEmpty();
    }

    @Test
    void findingItReadsTheTrainingsNotEveryStoredPrediction() {
        String plan = jdbc.sql("explain analyze " + TrainingRecords.DESTINATION_OF_VERSION)
                .param("version", "%:" + VERSION + "\"%")
                .query(String.class)
                .single();
        Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        int largest = 0;
        while (scans.find()) {
            largest = Math.max(largest, Integer.parseInt(scans.group(1)));
        }
        // As a join it read all 302 succeeded predictions through the status index.
        assertThat(largest).as(plan).isPositive().isLessThan(10);
    }

    private void row(String id, String kind, String output, OffsetDateTime completed) {
        jdbc.sql(
                        """
                insert into predictions (id, owner, kind, status, model, input, output, next_attempt_at, deadline_at,
                                         created_at, completed_at, updated_at)
                values (:id, 'bench', :kind, 'SUCCEEDED', 'm/m', '{}', :output, :at, :at, :at, :at, :at)""")
                .param("id", id)
                .param("kind", kind)
                .param("output", output)
                .param("at", completed)
                .update();
    }
}
