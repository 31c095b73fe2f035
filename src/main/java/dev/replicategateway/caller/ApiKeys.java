package dev.replicategateway.caller;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured keys, kept only as SHA-256 hashes. A presented key is hashed and compared with every
 * known hash in constant time, so neither the comparison nor the lookup tells how close a guess was.
 */
final class ApiKeys {

    static final int MIN_ADMIN_KEY = 32;

    private record Entry(String caller, byte[] hash) {}

    private final List<Entry> entries;
    private final byte[] adminHash;

    private ApiKeys(List<Entry> entries, byte[] adminHash) {
        this.entries = entries;
        this.adminHash = adminHash;
    }

    /** @param spec {@code name:key,name2:key2} */
    static ApiKeys parse(String spec, String adminKey) {
        List<Entry> entries = new ArrayList<>();
        if (spec != null && !spec.isBlank()) {
            for (String pair : spec.split(",")) {
                String trimmed = pair.trim();
                int colon = trimmed.indexOf(':');
                if (colon <= 0 || colon == trimmed.length() - 1) {
                    throw new IllegalArgumentException("GATEWAY_API_KEYS entries must be name:key");
                }
                String name = trimmed.substring(0, colon);
                String key = trimmed.substring(colon + 1);
                if (key.length() < 16) {
                    throw new IllegalArgumentException("API key of '" + name + "' is shorter than 16 characters");
                }
                entries.add(new Entry(name, sha256(key)));
            }
        }
        if (adminKey != null && !adminKey.isBlank() && adminKey.length() < MIN_ADMIN_KEY) {
            throw new IllegalArgumentException("GATEWAY_ADMIN_KEY must be at least " + MIN_ADMIN_KEY
                    + " characters (it opens metrics and health details)");
        }
        return new ApiKeys(List.copyOf(entries), adminKey == null || adminKey.isBlank() ? null : sha256(adminKey));
    }

    boolean isOpen() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    Optional<String> callerOf(String presented) {
        byte[] hash = sha256(presented);
        String found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash)) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether a caller of that name still has a key (open: only the anonymous caller exists). */
    boolean hasCaller(String caller) {
        return isOpen()
                ? Caller.ANONYMOUS.equals(caller)
                : entries.stream().anyMatch(entry -> entry.caller().equals(caller));
    }

    boolean isAdmin(String presented) {
        return adminHash != null && MessageDigest.isEqual(adminHash, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
