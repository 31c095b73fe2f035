package dev.replicategateway.prediction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Claims due rows for this instance: locked with SKIP LOCKED, then leased under a fresh token, in one short transaction. */
@Component
class WorkClaims {

    private final WorkLeases leases;
    private final PredictionRows rows;
    private final TransactionTemplate transactions;
    private final LifecycleProperties properties;
    private final Clock clock;
    private final String instanceId;

    WorkClaims(
            WorkLeases leases,
            PredictionRows rows,
            TransactionTemplate transactions,
            LifecycleProperties properties,
            Clock clock) {
        this.leases = leases;
        this.rows = rows;
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

    /** Claims up to {@code limit} due rows of {@code kind} in {@code statuses}. */
    List<Claim> claim(Collection<PredictionStatus> statuses, WorkKind kind, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Instant now = now();
        Instant until = now.plus(properties.lease());
        List<String> names = statuses.stream().map(Enum::name).toList();
        Map<String, String> tokens = transactions.execute(tx -> {
            Map<String, String> leased = new HashMap<>();
            for (String id : leases.lockDue(names, kind, now, limit)) {
                String token = UUID.randomUUID().toString();
                if (leases.lease(id, instanceId, token, now, until)) {
                    leased.put(id, token);
                }
            }
            return leased;
        });
        if (tokens == null || tokens.isEmpty()) {
            return List.of();
        }
        List<Claim> claims = new ArrayList<>();
        for (Prediction prediction : rows.findAllById(tokens.keySet())) {
            claims.add(new Claim(prediction, tokens.get(prediction.id()), until));
        }
        return claims;
    }

    /** What is left of the lease of {@code claim} (zero once it has run out). */
    Duration leaseLeft(Claim claim) {
        Duration left = Duration.between(now(), claim.until());
        return left.isNegative() ? Duration.ZERO : left;
    }

    void releaseAndRetryAt(Claim claim, Instant nextAttemptAt) {
        leases.releaseAndRetryAt(claim.id(), claim.token(), nextAttemptAt, now());
    }

    /** Gives the lease back, keeping the next attempt time a state change has already written. */
    void releaseKeepingSchedule(Claim claim) {
        leases.releaseKeepingSchedule(claim.id(), claim.token());
    }
}
