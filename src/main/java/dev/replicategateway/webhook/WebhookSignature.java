package dev.replicategateway.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks verification as Replicate signs: HMAC-SHA256 over {@code id.timestamp.body} (the
 * raw bytes as received), keyed with the base64 part of the {@code whsec_} secret; any one of the
 * space-separated {@code v1,<base64>} signatures may match; timestamps outside the tolerance are refused.
 */
final class WebhookSignature {

    enum Verdict {
        VALID,
        MISSING_HEADERS,
        BAD_TIMESTAMP,
        STALE_TIMESTAMP,
        BAD_SIGNATURE
    }

    private WebhookSignature() {}

    static Verdict verify(
            String id,
            String timestamp,
            String signatures,
            byte[] body,
            String secret,
            Instant now,
            Duration tolerance) {
        return verify(id, timestamp, signatures, body, () -> secret, now, tolerance);
    }

    /** The secret is only asked for once headers and timestamp pass, so junk never costs a secret fetch. */
    static Verdict verify(
            String id,
            String timestamp,
            String signatures,
            byte[] body,
            Supplier<String> secret,
            Instant now,
            Duration tolerance) {
        if (isBlank(id) || isBlank(timestamp) || isBlank(signatures)) {
            return Verdict.MISSING_HEADERS;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verdict.BAD_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return Verdict.STALE_TIMESTAMP;
        }
        byte[] expected = sign(id, timestamp.trim(), body, secret.get());
        for (String entry : signatures.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !"v1".equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return Verdict.VALID;
            }
        }
        return Verdict.BAD_SIGNATURE;
    }

    /** The raw HMAC of a delivery: what a {@code v1,} signature carries, base64-encoded. */
    static byte[] sign(String id, String timestamp, byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Checks a configured secret once, at startup, rather than failing every delivery with a 500.
     *
     * @throws IllegalArgumentException when it is not {@code whsec_} followed by base64 of at least 16 bytes
     */
    static void requireUsableSecret(String secret) {
        byte[] key;
        try {
            key = key(secret.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "REPLICATE_WEBHOOK_SECRET must be whsec_ followed by base64 (as Replicate shows it); it is not valid base64");
        }
        if (key.length < 16) {
            throw new IllegalArgumentException("REPLICATE_WEBHOOK_SECRET is too short: its key has " + key.length
                    + " bytes, at least 16 are expected");
        }
    }

    private static byte[] key(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
