package dev.replicategateway.output;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled copy outputs of succeeded predictions
 * @param store {@code directory} (the embedded default; one instance) or {@code s3} (shared by instances)
 * @param directory where the directory store keeps copies
 * @param s3 the bucket of the S3 store
 * @param maxSize largest output accepted
 * @param downloadTimeout the most one download may take, its whole body included
 * @param allowedHosts hosts outputs may be fetched from (a leading {@code *.} matches subdomains); the
 *     configured Replicate API host is allowed too. Never an arbitrary URL.
 * @param retryBackoff first wait after a failed download; doubles per attempt, up to 5 minutes
 * @param maxAttempts downloads tried before giving up (well inside Replicate's hour)
 * @param concurrency copies made at once by one instance (downloads are network-bound)
 */
@Validated
@ConfigurationProperties("gateway.outputs")
record OutputProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("directory") Store store,
        @NotNull @DefaultValue("./data/outputs") Path directory,
        @NotNull @Valid @DefaultValue S3 s3,
        @NotNull @DefaultValue("25MB") DataSize maxSize,
        @NotNull @DefaultValue("60s") Duration downloadTimeout,

        @NotNull @DefaultValue({"replicate.delivery", "*.replicate.delivery"})
        List<String> allowedHosts,

        @NotNull @DefaultValue("2s") Duration retryBackoff,
        @Min(1) @DefaultValue("8") int maxAttempts,
        @Min(1) @Max(64) @DefaultValue("8") int concurrency) {

    enum Store {
        DIRECTORY,
        S3
    }

    /**
     * An S3 bucket, on AWS or any S3-compatible store (MinIO, Ceph, R2, ...).
     *
     * @param bucket the bucket, which must exist
     * @param keyPrefix prepended to every object key
     * @param endpoint the store's URL; blank for AWS itself
     * @param region the signing region ({@code us-east-1} suits most S3-compatible stores)
     * @param pathStyle address the bucket in the path ({@code /bucket/key}) rather than the host name,
     *     as most S3-compatible stores need
     * @param accessKeyId with {@code secretAccessKey}; both blank: the AWS default chain (environment,
     *     profile, instance role)
     * @param secretAccessKey never logged
     * @param timeout the most one call may take, retries included
     */
    record S3(
            String bucket,
            @NotNull @DefaultValue("outputs/") String keyPrefix,
            URI endpoint,
            @NotBlank @DefaultValue("us-east-1") String region,
            @DefaultValue("false") boolean pathStyle,
            String accessKeyId,
            String secretAccessKey,
            @NotNull @DefaultValue("60s") Duration timeout) {

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", keyPrefix=" + keyPrefix + ", endpoint=" + endpoint + ", region="
                    + region + ", pathStyle=" + pathStyle + ", credentials="
                    + (accessKeyId == null || accessKeyId.isBlank() ? "default chain" : "******") + "]";
        }
    }
}
