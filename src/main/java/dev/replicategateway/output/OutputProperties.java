package dev.replicategateway.output;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled copy outputs of succeeded predictions
 * @param directory where copies are kept (the embedded default; one instance)
 * @param maxSize largest output accepted
 * @param allowedHosts hosts outputs may be fetched from (a leading {@code *.} matches subdomains); the
 *     configured Replicate API host is allowed too. Never an arbitrary URL.
 * @param retryBackoff first wait after a failed download; doubles per attempt, up to 5 minutes
 * @param maxAttempts downloads tried before giving up (well inside Replicate's hour)
 */
@Validated
@ConfigurationProperties("gateway.outputs")
record OutputProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("./data/outputs") Path directory,
        @NotNull @DefaultValue("25MB") DataSize maxSize,

        @NotNull @DefaultValue({"replicate.delivery", "*.replicate.delivery"})
        List<String> allowedHosts,

        @NotNull @DefaultValue("2s") Duration retryBackoff,
        @Min(1) @DefaultValue("8") int maxAttempts) {}
