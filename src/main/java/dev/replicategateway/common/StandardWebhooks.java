package dev.replicategateway.common;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing, as Replicate signs what it sends and as this service signs what it sends
 * its callers: HMAC-SHA256 over {@code id.timestamp.body}, keyed with the base64 part of a
 * {@code whsec_} secret, sent as {@code v1,<base64>}.
 */
public final class StandardWebhooks {

    private static final int SECRET_BYTES = 32;

    private StandardWebhooks() {}

    /** The raw HMAC of a delivery: what a {@code v1,} signature carries, base64-encoded. */
    public static byte[] sign(String id, String timestamp, byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyOf(secret), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code webhook-signature} header of a delivery. */
    public static String signatureHeader(String id, String timestamp, byte[] body, String secret) {
        return "v1," + Base64.getEncoder().encodeToString(sign(id, timestamp, body, secret));
    }

    /**
     * A new secret: {@code whsec_} and standard base64 (no {@code _} or {@code -}: the official clients
     * take the key as what follows the last {@code _}).
     */
    public static String newSecret(SecureRandom random) {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * @throws IllegalArgumentException when the part after {@code whsec_} is not base64
     */
    public static byte[] keyOf(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }
}
