package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled set from the token's absence (or {@code REPLICATE_SIMULATOR})
 * @param timeScale multiplies every simulated duration (tests use a small one)
 * @param webhookSecret the secret the simulator signs webhooks with (served at /webhooks/default/secret)
 * @param pageSize list page size
 * @param randomSeed seed of the fault dice, for repeatable runs; 0 for a random one
 * @param faults the faults in force at start (changeable at run time through /simulator/admin/faults)
 * @param deliveryDelay added before each output is served (real time, not scaled), to stand in for the
 *     download of a real image from replicate.delivery
 * @param maxFileSize the largest upload the Files API takes (Replicate's is 100 MB; the application's
 *     multipart limit, {@code spring.servlet.multipart.max-file-size}, bounds it too)
 * @param imageLongSide the long side in pixels of the images outputs are rendered as (a benchmark sets a
 *     small one, so that a stand-in rendering them does not take the cores the gateway is measured on)
 */
@Validated
@ConfigurationProperties("replicate.simulator")
record SimulatorProperties(
        boolean enabled,
        @DecimalMin("0.0001") @DefaultValue("1.0") double timeScale,

        @NotNull @DefaultValue("whsec_c2ltdWxhdGVkLXJlcGxpY2F0ZS1zaWduaW5nLWtleQ==")
        String webhookSecret,

        @Min(1) @DefaultValue("100") int pageSize,
        @DefaultValue("0") long randomSeed,
        @NotNull @DefaultValue Faults faults,
        @NotNull @DefaultValue("0ms") Duration deliveryDelay,
        @NotNull @DefaultValue("100MB") DataSize maxFileSize,
        @Min(16) @Max(2048) @DefaultValue("768") int imageLongSide) {

    /**
     * Each rate is the chance (0–1) that a request, prediction or webhook meets the fault.
     *
     * @param failureRate predictions that end {@code failed}
     * @param throttleRate API requests answered 429 with {@code throttleRetryAfter}
     * @param serverErrorRate API requests answered 503
     * @param slowRate API requests answered after {@code slowDelay} (a create is made first)
     * @param dropConnectionRate API requests whose connection is cut mid-answer (a create is made first)
     * @param lostWebhookRate webhook events never delivered
     * @param createThrottleRate prediction and training creates (only those) answered 429 with
     *     {@code createThrottleRetryAfter}, nothing created: Replicate limits creates apart from other calls
     */
    record Faults(
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0")
            double failureRate,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0")
            double throttleRate,

            @JsonDeserialize(using = FaultDurations.class) @NotNull @DefaultValue("1s")
            Duration throttleRetryAfter,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0")
            double serverErrorRate,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0")
            double slowRate,

            @JsonDeserialize(using = FaultDurations.class) @NotNull @DefaultValue("5s")
            Duration slowDelay,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0")
            double dropConnectionRate,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0")
            double lostWebhookRate,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0")
            double createThrottleRate,

            @JsonDeserialize(using = FaultDurations.class) @NotNull @DefaultValue("30s")
            Duration createThrottleRetryAfter) {

        static final Faults NONE =
                new Faults(0, 0, Duration.ofSeconds(1), 0, 0, Duration.ofSeconds(5), 0, 0, 0, Duration.ofSeconds(30));

        /** Durations left out of a JSON body set at run time take their defaults, as in configuration. */
        Faults {
            throttleRetryAfter = throttleRetryAfter == null ? Duration.ofSeconds(1) : throttleRetryAfter;
            slowDelay = slowDelay == null ? Duration.ofSeconds(5) : slowDelay;
            createThrottleRetryAfter =
                    createThrottleRetryAfter == null ? Duration.ofSeconds(30) : createThrottleRetryAfter;
        }

        /** These faults, with creates also throttled at {@code rate} for {@code retryAfter}. */
        Faults withCreateThrottle(double rate, Duration retryAfter) {
            return new Faults(
                    failureRate,
                    throttleRate,
                    throttleRetryAfter,
                    serverErrorRate,
                    slowRate,
                    slowDelay,
                    dropConnectionRate,
                    lostWebhookRate,
                    rate,
                    retryAfter);
        }
    }
}
