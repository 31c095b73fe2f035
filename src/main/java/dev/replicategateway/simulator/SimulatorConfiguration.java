package dev.replicategateway.simulator;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

/** The simulator's shared parts, and the startup banner that says nothing reaches Replicate. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class SimulatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SimulatorConfiguration.class);

    @Bean
    SimulatorState simulatorState(Clock clock, SimulatorProperties properties) {
        return new SimulatorState(clock, properties, new ModelCatalog());
    }

    @Bean
    FaultInjector simulatorFaultInjector(SimulatorState state) {
        return new FaultInjector(state);
    }

    @Bean
    SimulatorWebhooks simulatorWebhooks(SimulatorState state, SimulatorProperties properties, FaultInjector faults) {
        return new SimulatorWebhooks(state, properties, faults);
    }

    @Bean
    JobLauncher simulatorJobLauncher(
            SimulatorState state, SimulatorProperties properties, SimulatorWebhooks webhooks, FaultInjector faults) {
        return new JobLauncher(state, properties, webhooks, faults);
    }

    @Bean
    JobPages simulatorJobPages(SimulatorState state, SimulatorProperties properties) {
        return new JobPages(state, properties);
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        log.warn(
                """

                ================================================================================
                  SIMULATED REPLICATE: no REPLICATE_API_TOKEN (or REPLICATE_SIMULATOR=true).
                  Images are generated locally at http://127.0.0.1:{}/simulator/delivery/...;
                  nothing is sent to Replicate and nothing is paid. Set a token for real images.
                ================================================================================""",
                environment.getProperty("local.server.port", "?"));
    }
}
