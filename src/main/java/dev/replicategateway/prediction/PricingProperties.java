package dev.replicategateway.prediction;

import jakarta.validation.constraints.DecimalMin;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Estimated price of a second of billed compute ({@code metrics.predict_time}), by model. The default
 * is Replicate's published price of an Nvidia H100 second; a model on other hardware gets its own
 * entry, written with brackets: {@code gateway.pricing.per-second-by-model[stability-ai/sdxl]=0.000975}.
 * Official models billed per output are only approximated this way.
 */
@Validated
@ConfigurationProperties("gateway.pricing")
public record PricingProperties(
        @DecimalMin("0.0") @DefaultValue("0.001525") double perSecond,
        @DefaultValue Map<String, Double> perSecondByModel) {

    /** US dollars for {@code seconds} of {@code model} (its version part ignored). */
    public double estimate(String model, double seconds) {
        String name = model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
        return seconds * perSecondByModel.getOrDefault(model, perSecondByModel.getOrDefault(name, perSecond));
    }
}
