package dev.replicategateway.webhook;

import dev.replicategateway.common.StandardWebhooks;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Supplier;

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
        byte[] expected = StandardWebhooks.sign(id, timestamp.trim(), body, secret.get());
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

    /**
     * Checks a configured secret once, at startup, rather than failing every delivery with a 500.
     *
     * @throws IllegalArgumentException when it is not {@code whsec_} followed by base64 of at least 16 bytes
     */
    static void requireUsableSecret(String secret) {
        byte[] key;
        try {
            key = StandardWebhooks.keyOf(secret.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "REPLICATE_WEBHOOK_SECRET must be whsec_ followed by base64 (as Replicate shows it); it is not valid base64");
        }
        if (key.length < 16) {
            throw new IllegalArgumentException("REPLICATE_WEBHOOK_SECRET is too short: its key has " + key.length
                    + " bytes, at least 16 are expected");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
