package dev.replicategateway.simulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The simulator over real HTTP on a random port, with simulated time scaled down. One annotation so that
 * every simulator test class shares a single application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "replicate.simulator.enabled=true",
            "replicate.simulator.time-scale=0.05",
            "replicate.simulator.page-size=5",
            "replicate.simulator.random-seed=7",
            "replicate.simulator.max-file-size=64KB",
            "replicate.read-timeout=2s",
            "replicate.retry.max-attempts=2",
            "replicate.retry.max-retry-after=0s"
        })
@ActiveProfiles("test")
@interface SimulatorTest {}
