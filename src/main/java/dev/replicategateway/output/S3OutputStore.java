package dev.replicategateway.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Kept outputs as objects {@code {key prefix}{prediction id}/{index}} in one bucket that every instance shares. */
class S3OutputStore implements OutputStore, AutoCloseable {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    private final S3Client s3;
    private final String bucket;
    private final String keyPrefix;
    private final String location;

    S3OutputStore(OutputProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException(
                    "gateway.outputs.store=s3 needs gateway.outputs.s3.bucket (GATEWAY_OUTPUTS_S3_BUCKET)");
        }
        this.bucket = settings.bucket();
        this.keyPrefix = settings.keyPrefix();
        this.location =
                "s3://" + bucket + "/" + keyPrefix + (settings.endpoint() == null ? "" : " at " + settings.endpoint());
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                // Outputs are whole in memory, so one plainly signed body is enough; aws-chunked uploads
                // and the SDK's default trailing checksums are refused by several S3-compatible stores.
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(settings.timeout()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
    }

    @Override
    public void write(String predictionId, int index, byte[] content, String contentType) throws IOException {
        String key = key(predictionId, index);
        try {
            s3.putObject(
                    put -> put.bucket(bucket).key(key).contentType(contentType).contentLength((long) content.length),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("Could not store " + key + " in " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream read(String predictionId, int index) throws IOException {
        String key = key(predictionId, index);
        try {
            return s3.getObject(get -> get.bucket(bucket).key(key), ResponseTransformer.toInputStream());
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key, null, "not in " + location);
        } catch (SdkException e) {
            throw new IOException("Could not read " + key + " from " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(head -> head.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(CHECK_TIMEOUT)));
        } catch (SdkException e) {
            throw new IOException("Bucket " + bucket + " is not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String predictionId, int index) {
        return keyPrefix + OutputStore.name(predictionId, index);
    }

    private static AwsCredentialsProvider credentials(OutputProperties.S3 settings) {
        boolean id = settings.accessKeyId() != null && !settings.accessKeyId().isBlank();
        boolean secret = settings.secretAccessKey() != null
                && !settings.secretAccessKey().isBlank();
        if (id != secret) {
            throw new IllegalStateException(
                    "Set both gateway.outputs.s3.access-key-id and secret-access-key, or neither (AWS default chain)");
        }
        return id
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
    }
}
