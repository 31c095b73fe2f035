package dev.replicategateway.output;

import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.common.ImageFormat;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionNotFoundException;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.WorkKind;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ConditionalOnProperty(name = "gateway.outputs.enabled", havingValue = "true", matchIfMissing = true)
class OutputController {

    private static final Logger log = LoggerFactory.getLogger(OutputController.class);

    private final OutputRows rows;
    private final OutputStore store;
    private final PredictionQueries queries;
    private final CurrentCaller caller;

    OutputController(OutputRows rows, OutputStore store, PredictionQueries queries, CurrentCaller caller) {
        this.rows = rows;
        this.store = store;
        this.queries = queries;
        this.caller = caller;
    }

    @Operation(
            summary = "A kept output, for its owner (API key, or the signed link the prediction lists)",
            description = "ETag (SHA-256) and long private caching; 304 on If-None-Match.")
    @GetMapping("/predictions/{id}/outputs/{index}")
    ResponseEntity<InputStreamResource> output(
            @PathVariable String id,
            @PathVariable int index,
            @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        if (!Prediction.isWellFormedId(id)) {
            throw PredictionNotFoundException.forId(id);
        }
        queries.find(caller.get(), WorkKind.PREDICTION, id).orElseThrow(() -> PredictionNotFoundException.forId(id));
        OutputRow row = rows.find(id, index)
                .filter(r -> r.state() == OutputRow.State.KEPT)
                .orElseThrow(() -> PredictionNotFoundException.forId(id + "/outputs/" + index));
        String etag = "\"" + row.sha256() + "\"";
        CacheControl cache =
                CacheControl.maxAge(Duration.ofDays(365)).cachePrivate().immutable();
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(etag)
                    .cacheControl(cache)
                    .build();
        }
        MediaType type = MediaType.parseMediaType(row.contentType());
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(cache)
                .contentType(type)
                .contentLength(row.size())
                // Kept outputs are served from this origin: nothing in one may run or be sniffed as a page.
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header(
                        "Content-Disposition",
                        ContentDisposition.inline()
                                .filename(id + "-" + index + "." + extensionOf(type))
                                .build()
                                .toString())
                .body(new InputStreamResource(open(row)));
    }

    private static String extensionOf(MediaType type) {
        return ImageFormat.ofName(type.getSubtype()).map(ImageFormat::extension).orElse("bin");
    }

    private InputStream open(OutputRow row) {
        String id = row.predictionId();
        int index = row.index();
        String[] stored = row.storedName().split("/", 2);
        try {
            return store.read(stored[0], Integer.parseInt(stored[1]));
        } catch (NoSuchFileException e) {
            // Recorded as kept but absent: typically a directory store behind several instances.
            log.warn(
                    "Output {} of {} is recorded as kept but {} does not hold it; several instances need "
                            + "gateway.outputs.store=s3",
                    index,
                    id,
                    store.location());
            throw PredictionNotFoundException.forId(id + "/outputs/" + index);
        } catch (IOException e) {
            log.warn("Output {} of {} could not be read: {}", index, id, e.getMessage());
            throw new OutputStoreUnavailableException();
        }
    }
}
