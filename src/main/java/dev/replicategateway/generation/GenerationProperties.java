package dev.replicategateway.generation;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultModel the model of a request that names none ({@code DEFAULT_MODEL})
 * @param sdxlVersion the version {@code sdxl} is pinned to (SDXL is not an official model)
 */
@Validated
@ConfigurationProperties("gateway")
record GenerationProperties(
        @NotBlank @DefaultValue("black-forest-labs/flux-dev")
        String defaultModel,

        @NotBlank @DefaultValue("stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc")
        String sdxlVersion) {}
