package dev.replicategateway.compat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.upload.CheckedFile;
import dev.replicategateway.upload.StoredUpload;
import dev.replicategateway.upload.UploadedInputs;
import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Replicate's Files API: a file is put on Replicate's own Files API for the caller, and its
 * {@code urls.get} goes into a prediction's input as the official clients do with any Blob or Buffer.
 * Files expire after a day, as Replicate's do; deleting one deletes it upstream.
 */
@RestController
@RequestMapping("/v1/files")
@Tag(name = "Replicate-compatible API")
class V1FileController {

    /** Replicate's own limit. */
    static final DataSize MAX = DataSize.ofMegabytes(100);

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final UploadedInputs uploads;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    V1FileController(UploadedInputs uploads, CurrentCaller caller, ObjectMapper json) {
        this.uploads = uploads;
        this.caller = caller;
        this.json = json;
    }

    /** {@code metadata} may come as a text field or, as replicate-javascript sends it, as a JSON file part. */
    @Operation(summary = "Upload a file (multipart: content, and optionally metadata)")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<V1File> create(
            @RequestPart("content") MultipartFile content,
            @RequestPart(name = "metadata", required = false) String metadata)
            throws IOException {
        Map<String, Object> meta = metadataOf(metadata);
        try (InputStream in = content.getInputStream();
                CheckedFile file = uploads.file(
                        "content", in, content.getOriginalFilename(), content.getContentType(), MAX.toBytes())) {
            StoredUpload stored = uploads.upload(caller.get().name(), file);
            return ResponseEntity.status(HttpStatus.CREATED).body(V1File.of(stored, meta));
        }
    }

    @Operation(summary = "The caller's files, newest first")
    @GetMapping
    V1Page<V1File> list() {
        return new V1Page<>(
                null,
                null,
                uploads.ofOwner(caller.get().name(), 100).stream()
                        .map(file -> V1File.of(file, Map.of()))
                        .toList());
    }

    @Operation(summary = "One file")
    @GetMapping("/{id}")
    V1File get(@PathVariable String id) {
        return V1File.of(find(id), Map.of());
    }

    @Operation(summary = "Delete a file (here and on Replicate)")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        uploads.discard(find(id));
        return ResponseEntity.noContent().build();
    }

    private StoredUpload find(String id) {
        return uploads.find(caller.get().name(), id).orElseThrow(FileNotFoundException::new);
    }

    private Map<String, Object> metadataOf(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(metadata, OBJECT);
        } catch (IOException e) {
            throw InvalidRequestException.of("metadata", "must be a JSON object");
        }
    }

    static final class FileNotFoundException extends ApiProblem {
        FileNotFoundException() {
            super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", "File not found");
        }
    }
}
