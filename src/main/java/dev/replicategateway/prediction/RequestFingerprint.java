package dev.replicategateway.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint an Idempotency-Key is bound to: SHA-256 of the route and the request as parsed and
 * re-serialised (so whitespace or field order in the raw body do not make "a different request"), and
 * of any uploaded content's own SHA-256.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {}

    public static String of(ObjectMapper json, String route, Object request, String... contentHashes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(route.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(json.writeValueAsBytes(request));
            for (String content : contentHashes) {
                sha.update((byte) 0);
                sha.update(content.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint the request", e);
        }
    }
}
