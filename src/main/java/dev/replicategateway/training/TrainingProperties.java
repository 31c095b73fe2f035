package dev.replicategateway.training;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param replicateUsername owner of default destinations ({@code REPLICATE_USERNAME})
 * @param defaultDestination the model name of a caller's default destination ({@code {caller}} is
 *     replaced by the caller's name): every caller trains into a model of its own
 * @param trainer the trainer, {@code owner/name} (latest version, resolved and cached) or {@code owner/name:version}
 * @param hardware hardware of a destination model this service creates
 * @param deadline how long a training may take before it is canceled and failed
 * @param pollInterval the poll interval of running trainings (30 s: trainings run for many minutes)
 * @param maxUpload largest zip accepted as a multipart upload
 * @param trainerCacheTtl how long a resolved trainer version is reused
 */
@Validated
@ConfigurationProperties("gateway.training")
record TrainingProperties(
        String replicateUsername,
        @NotBlank @DefaultValue("{caller}-lora") String defaultDestination,

        @NotBlank @DefaultValue("ostris/flux-dev-lora-trainer")
        String trainer,

        @NotBlank @DefaultValue("gpu-t4") String hardware,
        @NotNull @DefaultValue("2h") Duration deadline,
        @NotNull @DefaultValue("30s") Duration pollInterval,
        @NotNull @DefaultValue("100MB") DataSize maxUpload,
        @NotNull @DefaultValue("1h") Duration trainerCacheTtl) {

    /** {@code caller}'s default destination ({@code owner/name}); empty without {@code REPLICATE_USERNAME}. */
    Optional<String> defaultDestinationOf(String caller) {
        if (replicateUsername == null || replicateUsername.isBlank()) {
            return Optional.empty();
        }
        // The caller's name reduced to what Replicate allows in a model name.
        String safe =
                caller.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        return Optional.of(
                replicateUsername + "/" + defaultDestination.replace("{caller}", safe.isEmpty() ? "caller" : safe));
    }
}
