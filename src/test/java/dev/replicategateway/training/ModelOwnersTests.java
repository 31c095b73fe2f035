package dev.replicategateway.training;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicategateway.caller.CallerProperties;
import dev.replicategateway.support.MutableClock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.unit.DataSize;

/**
 * Running a model refused once another caller's training into it has reached Replicate, with the
 * store asked once per model: a refusal is remembered for good, its absence for a moment only.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
class ModelOwnersTests {

    @Autowired
    JdbcClient jdbc;

    private final MutableClock clock = MutableClock.startingNow();
    private ModelOwners owners;

    @BeforeEach
    void owners() {
        owners = new ModelOwners(
                jdbc,
                clock,
                new TrainingProperties(
                        "acct",
                        "{caller}-lora",
                        "ostris/flux-dev-lora-trainer",
                        "gpu-t4",
                        Duration.ofHours(2),
                        Duration.ofSeconds(30),
                        DataSize.ofMegabytes(100),
                        Duration.ofHours(1)),
                new CallerProperties(
                        "alice:k1,bob:k2",
                        null,
                        false,
                        20,
                        new CallerProperties.Quota(null, null, null, List.of(), null),
                        Map.of(),
                        0),
                () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    @Test
    void aModelBecomesAnothersWithinMomentsOfItsTrainingReachingReplicateAndStaysSo() {
        owners.claim("alice", "acct/faces");
        training("gw_t1", "alice", "acct/faces", null);
        assertThatCode(() -> owners.checkMayRun("bob", "acct/faces")).doesNotThrowAnyException();

        reachedReplicate("gw_t1");
        clock.advance(ModelOwners.UNCLAIMED_KEPT_FOR.plusMillis(1));
        assertThatThrownBy(() -> owners.checkMayRun("bob", "ACCT/faces"))
                .isInstanceOf(ModelOwners.ModelOfAnotherCallerException.class);
        assertThatCode(() -> owners.checkMayRun("alice", "acct/faces")).doesNotThrowAnyException();

        // Remembered: the store is not asked again, however long it has been.
        jdbc.sql("delete from trainings where id = 'gw_t1'").update();
        clock.advance(Duration.ofDays(1));
        assertThatThrownBy(() -> owners.checkMayRun("bob", "acct/faces"))
                .isInstanceOf(ModelOwners.ModelOfAnotherCallerException.class);
    }

    @Test
    void aModelNobodyTrainedIntoIsAskedOfTheStoreOncePerMoment() {
        assertThatCode(() -> owners.checkMayRun("bob", "black-forest-labs/flux-schnell"))
                .doesNotThrowAnyException();
        owners.claim("alice", "black-forest-labs/flux-schnell");
        training("gw_t2", "alice", "black-forest-labs/flux-schnell", "r8_t2");

        assertThatCode(() -> owners.checkMayRun("bob", "black-forest-labs/flux-schnell"))
                .as("within %s of the first check", ModelOwners.UNCLAIMED_KEPT_FOR)
                .doesNotThrowAnyException();
        clock.advance(ModelOwners.UNCLAIMED_KEPT_FOR.plusMillis(1));
        assertThatThrownBy(() -> owners.checkMayRun("bob", "black-forest-labs/flux-schnell"))
                .isInstanceOf(ModelOwners.ModelOfAnotherCallerException.class);
    }

    private void training(String id, String owner, String destination, String replicateId) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql(
                        """
                insert into predictions (id, owner, kind, status, model, input, replicate_id, next_attempt_at,
                                         deadline_at, created_at, updated_at)
                values (:id, :owner, 'training', 'STARTING', 'ostris/flux-dev-lora-trainer', '{}', :rid, :at, :at,
                        :at, :at)""")
                .param("id", id)
                .param("owner", owner)
                .param("rid", replicateId)
                .param("at", now)
                .update();
        jdbc.sql("insert into trainings (id, destination, trigger_word, trainer) values (:id, :dest, null, 't')")
                .param("id", id)
                .param("dest", destination)
                .update();
    }

    private void reachedReplicate(String id) {
        jdbc.sql("update predictions set replicate_id = :rid where id = :id")
                .param("rid", "r8_" + id)
                .param("id", id)
                .update();
    }
}
