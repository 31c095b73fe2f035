package dev.replicategateway.replicate;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

/**
 * Reports whether the service can talk to Replicate: token configured, and how the last call went.
 * An upstream outage shows as {@code DEGRADED} (HTTP 200), not {@code DOWN}: accepted work is kept
 * and finished later, so the instance must stay in the load balancer.
 */
@Component("replicate")
class ReplicateHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "The last call to Replicate failed");

    private final ReplicateProperties properties;
    private final UpstreamCallMonitor monitor;
    private final UpstreamTarget target;
    private final ReplicateService replicate;

    ReplicateHealthIndicator(
            ReplicateProperties properties,
            UpstreamCallMonitor monitor,
            UpstreamTarget target,
            ReplicateService replicate) {
        this.properties = properties;
        this.monitor = monitor;
        this.target = target;
        this.replicate = replicate;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up()
                .withDetail("mode", target.description())
                .withDetail("baseUrl", target.baseUrl().toString())
                .withDetail("tokenConfigured", properties.hasToken());
        if (!properties.hasToken() && !target.simulated()) {
            health.status(Status.UNKNOWN)
                    .withDetail("problem", "REPLICATE_API_TOKEN is not set: calls to Replicate will be refused");
        }
        health.withDetail("circuitBreaker", replicate.circuitState().name());
        if (!replicate.isAvailable()) {
            health.status(DEGRADED).withDetail("problem", "Replicate has been failing: calls are paused for a while");
        }
        UpstreamCallMonitor.LastCall last = monitor.lastCall();
        if (last != null) {
            health.withDetail("lastCall", last);
            if (!last.ok()) {
                health.status(DEGRADED);
            }
        }
        return health.build();
    }
}
