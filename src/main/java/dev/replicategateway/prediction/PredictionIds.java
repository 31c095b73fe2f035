package dev.replicategateway.prediction;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Our prediction ids: {@code gw_} and 26 base-32 characters, like Replicate's but prefixed so they are
 * never confused. The first 10 characters are the accept's millisecond, the other 16 are random (80
 * bits), so ids sort in the order they were made.
 *
 * <p>Why time first: the store's indexes on the id (the predictions' primary key, holding whole rows,
 * and the events' index by prediction) then grow at one end. With random ids every accept landed on a
 * page of its own and each commit rewrote one full page per accept; now a batch of accepts shares the
 * last page, and the lifecycle, which works through the queue oldest first, touches neighbouring rows.
 */
final class PredictionIds {

    static final String PREFIX = "gw_";
    static final int LENGTH = PREFIX.length() + 26;
    /** In ASCII order, so that the ids' order is the order of their instants. */
    private static final char[] ALPHABET = "234567abcdefghijklmnopqrstuvwxyz".toCharArray();

    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;

    private final SecureRandom random = new SecureRandom();

    String next(Instant now) {
        char[] id = new char[LENGTH];
        PREFIX.getChars(0, PREFIX.length(), id, 0);
        long millis = now.toEpochMilli();
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            id[PREFIX.length() + i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id[PREFIX.length() + TIME_CHARS + i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
