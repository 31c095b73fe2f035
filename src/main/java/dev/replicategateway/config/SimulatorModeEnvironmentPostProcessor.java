package dev.replicategateway.config;

import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Decides, before any bean exists, whether this instance talks to the built-in simulator: forced by
 * {@code REPLICATE_SIMULATOR=true}, otherwise whenever no {@code REPLICATE_API_TOKEN} is set. The
 * {@code prod} profile refuses to run without a real token or without API keys.
 */
public class SimulatorModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "replicate.simulator.enabled";

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
        if (prod && environment.getProperty("gateway.callers.api-keys", "").isBlank()) {
            throw new IllegalStateException("The prod profile needs GATEWAY_API_KEYS: it does not run an open API");
        }
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("replicateSimulatorMode", Map.of(ENABLED, simulated)));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }
}
