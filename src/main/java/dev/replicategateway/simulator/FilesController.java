package dev.replicategateway.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The Files API: multipart uploads ({@code content}, optional {@code filename}, {@code type} and
 * {@code metadata}) whose {@code urls.get} can be passed as a file input; listed, read and deleted.
 */
@RestController
@RequestMapping("/simulator/v1/files")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class FilesController {

    /** Replicate keeps an uploaded file for a day. */
    private static final Duration LIFETIME = Duration.ofDays(1);

    private static final int MAX_FILENAME_BYTES = 255;

    private final SimulatorState state;
    private final long maxFileSize;
    private final int pageSize;
    private final ObjectMapper json = new ObjectMapper();

    FilesController(SimulatorState state, SimulatorProperties properties) {
        this.state = state;
        this.maxFileSize = properties.maxFileSize().toBytes();
        this.pageSize = properties.pageSize();
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> upload(
            @RequestPart("content") MultipartFile content,
            @RequestParam(required = false) String filename,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String metadata,
            HttpServletRequest request)
            throws IOException {
        if (content.getSize() > maxFileSize) {
            throw tooLarge(maxFileSize);
        }
        String name = filename != null ? filename : content.getOriginalFilename();
        if (name != null && name.getBytes(StandardCharsets.UTF_8).length > MAX_FILENAME_BYTES) {
            throw SimulatorError.badRequest("filename must be at most 255 bytes");
        }
        String contentType = type != null
                ? type
                : content.getContentType() != null ? content.getContentType() : "application/octet-stream";
        var file = new SimulatorState.StoredFile(
                state.newId(24), name, contentType, content.getBytes(), metadata(metadata), state.clock.instant());
        state.files.put(file.id(), file);
        return ResponseEntity.status(201).body(json(file, request));
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String cursor, HttpServletRequest request) {
        List<SimulatorState.StoredFile> newestFirst = state.files.values().stream()
                .sorted(Comparator.comparing(SimulatorState.StoredFile::createdAt)
                        .reversed()
                        .thenComparing(SimulatorState.StoredFile::id))
                .toList();
        String after = Cursors.decode(cursor);
        int from = 0;
        for (int i = 0; after != null && i < newestFirst.size(); i++) {
            if (newestFirst.get(i).id().equals(after)) {
                from = i + 1;
            }
        }
        List<SimulatorState.StoredFile> shown =
                newestFirst.subList(from, Math.min(newestFirst.size(), from + pageSize));
        boolean more = from + shown.size() < newestFirst.size();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("previous", null);
        page.put(
                "next",
                more
                        ? Cursors.next(
                                "/simulator/v1/files",
                                shown.get(shown.size() - 1).id(),
                                null,
                                null)
                        : null);
        page.put("results", shown.stream().map(file -> json(file, request)).toList());
        return page;
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id, HttpServletRequest request) {
        return json(file(id), request);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (state.files.remove(file(id).id()) != null) {
            state.count("files.deleted");
        }
        return ResponseEntity.noContent().build();
    }

    /** Replicate's answer to an upload over its limit (also given by the filter, from the declared length). */
    static SimulatorError tooLarge(long maxFileSize) {
        return new SimulatorError(
                413,
                "Request Entity Too Large",
                "The file is larger than the maximum of " + maxFileSize / (1024 * 1024) + " MB.",
                null);
    }

    private SimulatorState.StoredFile file(String id) {
        var file = state.files.get(id);
        if (file == null) {
            throw SimulatorError.notFound("Not found.");
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> metadata(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(metadata, Map.class);
        } catch (JsonProcessingException e) {
            throw SimulatorError.badRequest("metadata must be a JSON object");
        }
    }

    private static Map<String, Object> json(SimulatorState.StoredFile file, HttpServletRequest request) {
        String md5 = digest("MD5", file.content());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", file.id());
        json.put("name", file.name());
        json.put("content_type", file.contentType());
        json.put("size", file.content().length);
        json.put("etag", "\"" + md5 + "\"");
        json.put("checksums", Map.of("sha256", digest("SHA-256", file.content()), "md5", md5));
        json.put("metadata", file.metadata());
        json.put("created_at", file.createdAt().toString());
        json.put("expires_at", file.createdAt().plus(LIFETIME).toString());
        json.put("urls", Map.of("get", JobLauncher.baseUrl(request) + "/simulator/v1/files/" + file.id()));
        return json;
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
