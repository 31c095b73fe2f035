package dev.replicategateway.upload;

import dev.replicategateway.common.Backoff;
import dev.replicategateway.common.ImageFormat;
import dev.replicategateway.prediction.FinalStateListener;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.UploadedFile;
import dev.replicategateway.web.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Files callers send as inputs. Each is read to a temporary file (checked by its first bytes and its
 * size, fingerprinted by its SHA-256), uploaded to Replicate's Files API streamed from disk, recorded,
 * and deleted upstream once the prediction or training using it is final (or, unused, after a day).
 */
@Service
public class UploadedInputs implements FinalStateListener {

    private static final Logger log = LoggerFactory.getLogger(UploadedInputs.class);
    /** A file uploaded but never used (its request failed after the upload) is deleted after this. */
    static final Duration UNUSED_FOR = Duration.ofDays(1);

    private static final Backoff DELETE_RETRIES = new Backoff(Duration.ofMinutes(1), 2.0, Duration.ofHours(1));
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final UpstreamFiles files;
    private final ReplicateService replicate;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    UploadedInputs(UpstreamFiles files, ReplicateService replicate, Clock clock) {
        this.files = files;
        this.replicate = replicate;
        this.clock = clock;
    }

    /** Reads a zip of training images. @throws InvalidRequestException when it is not a zip or is too large */
    public CheckedFile zip(String field, InputStream content, String filename, long maxBytes) throws IOException {
        CheckedFile file = CheckedFile.spool(field, content, filename, maxBytes);
        if (file.size() == 0 || !file.isZip()) {
            file.close();
            throw InvalidRequestException.of(field, file.size() == 0 ? "is empty" : "must be a zip file");
        }
        return file.withContentType("application/zip");
    }

    /** Reads an input image. @throws InvalidRequestException unless it is a PNG, JPEG, WebP or GIF within the size */
    public CheckedFile image(String field, InputStream content, String filename, long maxBytes) throws IOException {
        CheckedFile file = CheckedFile.spool(field, content, filename, maxBytes);
        Optional<ImageFormat> format = file.imageFormat();
        if (format.isEmpty()) {
            file.close();
            throw InvalidRequestException.of(field, "must be a PNG, JPEG, WebP or GIF image");
        }
        return file.withContentType(format.get().mediaType());
    }

    /**
     * Any file as a caller of the compatible API sends it: its type as given, else what its first bytes
     * say, else {@code application/octet-stream}.
     */
    public CheckedFile file(String field, InputStream content, String filename, String contentType, long maxBytes)
            throws IOException {
        CheckedFile file = CheckedFile.spool(field, content, filename, maxBytes);
        String type =
                contentType != null && !contentType.isBlank() && !contentType.startsWith("application/octet-stream")
                        ? contentType
                        : file.imageFormat().map(ImageFormat::mediaType).orElse("application/octet-stream");
        return file.withContentType(type);
    }

    /** Uploads {@code file} for {@code owner}; unused, it is deleted upstream after a day. */
    public StoredUpload upload(String owner, CheckedFile file) {
        UploadedFile uploaded = replicate.uploadFile(file.name(), file.contentType(), file.path());
        Instant now = now();
        StoredUpload stored = new StoredUpload(
                newId(),
                owner,
                uploaded.id(),
                uploaded.getUrl(),
                file.name(),
                file.contentType(),
                file.size(),
                file.sha256(),
                null,
                now,
                0);
        files.insert(stored, now.plus(UNUSED_FOR));
        return stored;
    }

    /** Ties the file to the prediction or training using it (call inside its accepting transaction). */
    public void attach(StoredUpload file, String predictionId) {
        files.attach(file.id(), predictionId);
    }

    /** The request that uploaded it failed: delete it upstream as soon as possible. */
    public void discard(StoredUpload file) {
        files.dueNow(file.id(), now());
    }

    public Optional<StoredUpload> find(String owner, String id) {
        return files.find(owner, id, now());
    }

    public List<StoredUpload> ofOwner(String owner, int limit) {
        return files.ofOwner(owner, limit, now());
    }

    @Override
    public void onFinal(Prediction prediction) {
        files.dueWith(prediction.id(), now());
    }

    /** Deletes due files upstream; a failure is tried again later. Returns how many were tried. */
    int deleteDue() {
        List<StoredUpload> due = files.due(now(), 50);
        for (StoredUpload file : due) {
            try {
                replicate.deleteFile(file.replicateId());
                files.deleted(file.id(), now());
            } catch (ReplicateException e) {
                log.warn("Deleting uploaded file {} from Replicate failed, will retry: {}", file.id(), e.getMessage());
                files.retryDeleteAt(file.id(), now().plus(DELETE_RETRIES.delay(file.deleteAttempts() + 1)));
            }
        }
        return due.size();
    }

    /** Microseconds, as the store keeps them: a time read back compares equal to the one written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private String newId() {
        StringBuilder id = new StringBuilder("file_");
        for (int i = 0; i < 24; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
