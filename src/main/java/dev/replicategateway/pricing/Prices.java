package dev.replicategateway.pricing;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Prices predictions: an estimate before the run (what a spend budget counts while the work is queued
 * or running) and the cost after it (from the images made or the seconds billed).
 */
@Component
public class Prices {

    private static final List<String> IMAGE_COUNT_INPUTS = List.of("num_outputs", "max_images", "number_of_images");

    private final PricingProperties properties;

    Prices(PricingProperties properties) {
        this.properties = properties;
    }

    /** US$ a run of {@code model} with {@code input} is expected to cost. */
    public double estimate(String model, Map<String, Object> input) {
        PricingProperties.ModelPrice price = priceOf(model);
        if (price.perRequest() != null) {
            return price.perRequest();
        }
        if (price.perImage() != null) {
            return price.perImage() * imagesAsked(input);
        }
        return perSecond(price) * properties.estimatedRunTime().toMillis() / 1000.0;
    }

    /**
     * US$ a finished run cost.
     *
     * @param predictSeconds billed compute Replicate reported, or null
     * @param images output images made (none for a run canceled or failed before making any)
     */
    public double cost(String model, Map<String, Object> input, Double predictSeconds, int images) {
        PricingProperties.ModelPrice price = priceOf(model);
        if (price.perRequest() != null) {
            return price.perRequest();
        }
        if (price.perImage() != null) {
            // Official models charge per image made: a run canceled or failed before its images costs nothing.
            return price.perImage() * images;
        }
        return predictSeconds == null ? 0 : perSecond(price) * predictSeconds;
    }

    /** The price entry of a model reference ({@code owner/name}, {@code owner/name:version} or a deployment). */
    public PricingProperties.ModelPrice priceOf(String model) {
        String name = model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
        PricingProperties.ModelPrice price = properties.models().get(name);
        return price != null ? price : new PricingProperties.ModelPrice(null, null, null);
    }

    /** The model's name for a metric tag: one of the price table's models, or {@code custom}. */
    public String tagOf(String model) {
        String name = model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
        return properties.models().containsKey(name) ? name : "custom";
    }

    private double perSecond(PricingProperties.ModelPrice price) {
        return price.perSecond() != null ? price.perSecond() : properties.perSecond();
    }

    private static int imagesAsked(Map<String, Object> input) {
        if (input != null) {
            for (String name : IMAGE_COUNT_INPUTS) {
                if (input.get(name) instanceof Number count && count.intValue() > 0) {
                    return count.intValue();
                }
            }
        }
        return 1;
    }
}
