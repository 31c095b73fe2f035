package dev.replicategateway.config;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, before any bean exists, whether this instance talks to the built-in simulator: forced by
 * {@code REPLICATE_SIMULATOR=true}, otherwise whenever no {@code REPLICATE_API_TOKEN} is set. With a
 * real token the API must not be open: without {@code GATEWAY_API_KEYS} the service refuses to start
 * unless {@code GATEWAY_ALLOW_OPEN=true} says the operator means it. In simulator mode callers'
 * webhooks may go to this machine, unless {@code GATEWAY_CALLER_WEBHOOKS_ALLOW_PRIVATE} says otherwise. The {@code prod} profile also
 * refuses to run without a real token.
 */
public class SimulatorModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "replicate.simulator.enabled";
    static final String ALLOW_PRIVATE_WEBHOOKS = "GATEWAY_CALLER_WEBHOOKS_ALLOW_PRIVATE";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String token = environment.getProperty("replicate.api-token", "");
        String forced = environment.getProperty("REPLICATE_SIMULATOR", environment.getProperty(ENABLED, ""));
        boolean simulated = forced.isBlank() ? token.isBlank() : Boolean.parseBoolean(forced.trim());
        boolean prod = Arrays.asList(environment.getActiveProfiles()).contains("prod");
        if (prod && (simulated || token.isBlank())) {
            throw new IllegalStateException(
                    "The prod profile needs REPLICATE_API_TOKEN and does not run against the simulator");
        }
        boolean noKeys = environment.getProperty("gateway.callers.api-keys", "").isBlank();
        if (prod && noKeys) {
            throw new IllegalStateException("The prod profile needs GATEWAY_API_KEYS: it does not run an open API");
        }
        boolean allowOpen = environment.getProperty("gateway.callers.allow-open", Boolean.class, false);
        if (!simulated && noKeys && !allowOpen) {
            throw new IllegalStateException("With a real REPLICATE_API_TOKEN the API would be open to anyone who can "
                    + "reach it and spend your account's money. Set GATEWAY_API_KEYS (name:key,...), or "
                    + "GATEWAY_ALLOW_OPEN=true if you really mean to run it open (behind your own authentication).");
        }
        Map<String, Object> mode = new HashMap<>();
        mode.put(ENABLED, simulated);
        if (simulated && environment.getProperty(ALLOW_PRIVATE_WEBHOOKS) == null) {
            // Local development: a caller's webhook receiver runs on this machine too.
            mode.put("gateway.caller-webhooks.allow-private", true);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("replicateSimulatorMode", mode));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }
}
