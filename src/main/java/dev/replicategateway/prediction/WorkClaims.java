package dev.replicategateway.prediction;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Claims due rows for this instance: locked with SKIP LOCKED, then leased, in one short transaction. */
@Component
class WorkClaims {

    private final PredictionRepository repository;
    private final TransactionTemplate transactions;
    private final LifecycleProperties properties;
    private final Clock clock;
    private final String instanceId;

    WorkClaims(
            PredictionRepository repository,
            TransactionTemplate transactions,
            LifecycleProperties properties,
            Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.instanceId =
                properties.instanceId() == null || properties.instanceId().isBlank()
                        ? "gw-" + UUID.randomUUID().toString().substring(0, 8)
                        : properties.instanceId();
    }

    String instanceId() {
        return instanceId;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Claims up to {@code limit} due rows of {@code kind} in {@code statuses}; returns them as leased. */
    List<Prediction> claim(Collection<PredictionStatus> statuses, String kind, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Instant now = now();
        Instant until = now.plus(properties.lease());
        List<String> names = statuses.stream().map(Enum::name).toList();
        List<String> leased = transactions.execute(tx -> {
            List<String> ids = new ArrayList<>();
            for (String id : repository.lockDue(names, kind, now, limit)) {
                if (repository.lease(id, instanceId, now, until)) {
                    ids.add(id);
                }
            }
            return ids;
        });
        return leased == null ? List.of() : repository.findAllById(leased);
    }

    void release(String id, Instant nextAttemptAt) {
        repository.release(id, instanceId, nextAttemptAt, now());
    }

    /** Gives the lease back, keeping the next attempt time a state change has already written. */
    void releaseLease(String id) {
        repository.releaseLease(id, instanceId);
    }
}
