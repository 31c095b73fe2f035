package dev.replicategateway.output;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Whether kept outputs can be written. A failing store is DEGRADED rather than DOWN: the service still
 * takes and finishes predictions, and copies are retried, but outputs are not being kept. The store is
 * asked at most every {@value #CHECK_EVERY_SECONDS} s, however often health is read.
 */
class OutputStoreHealthIndicator implements HealthIndicator {

    private static final Status DEGRADED = new Status("DEGRADED", "Outputs cannot be stored");
    private static final long CHECK_EVERY_SECONDS = 30;

    private final OutputStore store;
    private final String kind;
    private final Clock clock;
    private volatile Checked last;

    private record Checked(Instant at, String problem) {}

    OutputStoreHealthIndicator(OutputStore store, OutputProperties.Store kind, Clock clock) {
        this.store = store;
        this.kind = kind.name().toLowerCase(Locale.ROOT);
        this.clock = clock;
    }

    @Override
    public Health health() {
        Checked checked = last;
        Instant now = clock.instant();
        if (checked == null || !now.isBefore(checked.at().plus(Duration.ofSeconds(CHECK_EVERY_SECONDS)))) {
            checked = new Checked(now, problem());
            last = checked;
        }
        Health.Builder health = Health.up().withDetail("store", kind).withDetail("location", store.location());
        if (checked.problem() != null) {
            health.status(DEGRADED).withDetail("problem", checked.problem());
        }
        return health.build();
    }

    private String problem() {
        try {
            store.check();
            return null;
        } catch (IOException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
