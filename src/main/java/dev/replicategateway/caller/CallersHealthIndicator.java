package dev.replicategateway.caller;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Says plainly when the API runs open (no keys). */
@Component("callers")
class CallersHealthIndicator implements HealthIndicator {

    private final CallerAuthenticationFilter authentication;

    CallersHealthIndicator(CallerAuthenticationFilter authentication) {
        this.authentication = authentication;
    }

    @Override
    public Health health() {
        return authentication.isOpen()
                ? Health.up()
                        .withDetail("mode", "OPEN: no GATEWAY_API_KEYS, anyone may call (local development only)")
                        .build()
                : Health.up().withDetail("mode", "API keys required").build();
    }
}
