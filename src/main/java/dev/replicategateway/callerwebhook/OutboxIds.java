package dev.replicategateway.callerwebhook;

import java.security.SecureRandom;

/** Message ids ({@code msg_…}: the {@code webhook-id} of every attempt) and lease tokens. */
final class OutboxIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private OutboxIds() {}

    static String messageId() {
        return "msg_" + random(26);
    }

    static String leaseToken() {
        return random(26);
    }

    private static String random(int length) {
        StringBuilder id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
