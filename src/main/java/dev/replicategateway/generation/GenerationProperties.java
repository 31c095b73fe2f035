package dev.replicategateway.generation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param defaultModel the model of a request that names none ({@code DEFAULT_MODEL}): an alias or a reference
 * @param inlineImages input images up to this size are sent inline as {@code data:} URLs (Replicate's
 *     advice: about 256 KB); larger uploads go through Replicate's Files API
 * @param maxImageUpload the largest input image accepted (Replicate's Files API takes up to 100 MB)
 */
@Validated
@ConfigurationProperties("gateway")
record GenerationProperties(
        @NotBlank @DefaultValue("black-forest-labs/flux-dev")
        String defaultModel,

        @NotNull @DefaultValue("256KB") DataSize inlineImages,
        @NotNull @DefaultValue("100MB") DataSize maxImageUpload) {}
