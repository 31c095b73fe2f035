package dev.replicategateway.output;

import java.io.IOException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Whether kept outputs can be written. A failing store is DEGRADED rather than DOWN: the service still
 * takes and finishes predictions, and copies are retried, but outputs are not being kept.
 */
class OutputStoreHealthIndicator implements HealthIndicator {

    private static final Status DEGRADED = new Status("DEGRADED", "Outputs cannot be stored");

    private final OutputStore store;
    private final OutputProperties.Store kind;

    OutputStoreHealthIndicator(OutputStore store, OutputProperties.Store kind) {
        this.store = store;
        this.kind = kind;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("store", kind.name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("location", store.location());
        try {
            store.check();
        } catch (IOException | RuntimeException e) {
            health.status(DEGRADED).withDetail("problem", String.valueOf(e.getMessage()));
        }
        return health.build();
    }
}
