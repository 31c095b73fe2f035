package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Lifecycle settings that cannot work are refused at start, with the reason. */
class LifecyclePropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LifecycleProperties.class)
    static class Settings {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void aLeaseTooShortForAnyCreateIsRefusedAtStartRatherThanLeavingEveryPredictionQueued() {
        runner.withPropertyValues("gateway.lifecycle.lease=2s", "gateway.lifecycle.poll.round-budget=1s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("gateway.lifecycle.lease must be at least 5s");
                });
    }

    @Test
    void theShortestWorkableLeaseStarts() {
        runner.withPropertyValues("gateway.lifecycle.lease=5s", "gateway.lifecycle.poll.round-budget=2s")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .getBean(LifecycleProperties.class)
                        .extracting(LifecycleProperties::lease)
                        .hasToString("PT5S"));
    }
}
