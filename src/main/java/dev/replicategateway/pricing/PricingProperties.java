package dev.replicategateway.pricing;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Replicate's prices, by model ({@code owner/name}; written with brackets in properties:
 * {@code gateway.pricing.models[black-forest-labs/flux-dev].per-image=0.025}). Official models are
 * billed per output image (or per request); others per second of their hardware. A model without an
 * entry is billed at {@code per-second}. The defaults (application.yml) are Replicate's public prices
 * as of late 2026; set your own where your account differs.
 *
 * @param perSecond US$ per second of billed compute of a model without a price (an Nvidia H100 second)
 * @param estimatedRunTime how long a model billed by the second is assumed to run, for the estimate
 *     a spend budget counts before the run
 * @param models prices by model
 */
@Validated
@ConfigurationProperties("gateway.pricing")
public record PricingProperties(
        @DecimalMin("0.0") @DefaultValue("0.001525") double perSecond,
        @NotNull @DefaultValue("10s") Duration estimatedRunTime,
        @NotNull @DefaultValue Map<String, ModelPrice> models) {

    /**
     * One model's price; set one of the three.
     *
     * @param perImage US$ per output image
     * @param perSecond US$ per second of billed compute ({@code metrics.predict_time})
     * @param perRequest US$ per prediction, whatever it makes
     */
    public record ModelPrice(
            @DecimalMin("0.0") Double perImage,
            @DecimalMin("0.0") Double perSecond,
            @DecimalMin("0.0") Double perRequest) {}
}
