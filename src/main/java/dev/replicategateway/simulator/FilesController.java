package dev.replicategateway.simulator;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The Files API: uploads whose {@code urls.get} can be passed as a file input. */
@RestController
@RequestMapping("/simulator/v1/files")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class FilesController {

    private final SimulatorState state;

    FilesController(SimulatorState state) {
        this.state = state;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> upload(
            @RequestPart("content") MultipartFile content, HttpServletRequest request) throws IOException {
        var file = new SimulatorState.StoredFile(
                state.newId(24),
                content.getOriginalFilename(),
                content.getContentType(),
                content.getBytes(),
                state.clock.instant());
        state.files.put(file.id(), file);
        return ResponseEntity.status(201).body(json(file, request));
    }

    @GetMapping("/{id}")
    Map<String, Object> get(@PathVariable String id, HttpServletRequest request) {
        var file = state.files.get(id);
        if (file == null) {
            throw SimulatorError.notFound("Not found.");
        }
        return json(file, request);
    }

    private static Map<String, Object> json(SimulatorState.StoredFile file, HttpServletRequest request) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", file.id());
        json.put("name", file.name());
        json.put("content_type", file.contentType());
        json.put("size", file.content().length);
        json.put("checksums", Map.of("sha256", sha256(file.content())));
        json.put("created_at", file.createdAt().toString());
        json.put("expires_at", file.createdAt().plus(Duration.ofDays(1)).toString());
        json.put("urls", Map.of("get", JobLauncher.baseUrl(request) + "/simulator/v1/files/" + file.id()));
        return json;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
