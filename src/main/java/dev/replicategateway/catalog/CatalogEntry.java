package dev.replicategateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A model as the catalog shows it to a frontend building its form.
 *
 * @param available false when its schema cannot be had right now (then inputs are unknown)
 * @param imageInput the input images go into, when it takes any
 * @param estimatedCostUsd the price of one request with its defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CatalogEntry(
        String alias,
        String model,
        String name,
        String version,
        String description,
        boolean available,
        Boolean takesImages,
        String imageInput,
        OutputShape output,
        Double estimatedCostUsd,
        List<String> presets,
        List<InputField> inputs) {}
