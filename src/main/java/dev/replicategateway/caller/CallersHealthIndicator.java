package dev.replicategateway.caller;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Says plainly (to the admin key: health's details) when the API runs open, with no keys. */
@Component("callers")
class CallersHealthIndicator implements HealthIndicator {

    private final CallerIdentityFilter identity;

    CallersHealthIndicator(CallerIdentityFilter identity) {
        this.identity = identity;
    }

    @Override
    public Health health() {
        return identity.isOpen()
                ? Health.up()
                        .withDetail(
                                "mode", "OPEN: no GATEWAY_API_KEYS, anyone may call (simulator or GATEWAY_ALLOW_OPEN)")
                        .build()
                : Health.up().withDetail("mode", "API keys required").build();
    }
}
