package dev.replicategateway.webhook;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Replicate's webhook endpoint; protected by the signature, not by an API key. */
@RestController
class WebhookController {

    static final String PATH = "/webhooks/replicate";

    private final WebhookReceiver receiver;

    WebhookController(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @Operation(summary = "Replicate's webhooks (Standard Webhooks signature; no API key)")
    @PostMapping(PATH)
    ResponseEntity<Map<String, String>> receive(
            @RequestHeader(name = "webhook-id", required = false) String id,
            @RequestHeader(name = "webhook-timestamp", required = false) String timestamp,
            @RequestHeader(name = "webhook-signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        var outcome = receiver.receive(id, timestamp, signature, body == null ? new byte[0] : body);
        return ResponseEntity.ok(Map.of("status", outcome.name().toLowerCase()));
    }
}
