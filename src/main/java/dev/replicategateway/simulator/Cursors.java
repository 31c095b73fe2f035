package dev.replicategateway.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Opaque list cursors (the last id shown, base64url) and the {@code next} URLs that carry them. */
final class Cursors {

    private Cursors() {}

    /** The id a cursor stands for; null for no cursor or one that is not base64url. */
    static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The next page's absolute URL, keeping the list's filters (a null filter is left out). */
    static String next(String path, String lastId, String createdAfter, String createdBefore) {
        var next = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(path)
                .queryParam(
                        "cursor",
                        Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(lastId.getBytes(StandardCharsets.UTF_8)));
        if (createdAfter != null) {
            next.queryParam("created_after", createdAfter);
        }
        if (createdBefore != null) {
            next.queryParam("created_before", createdBefore);
        }
        return next.encode().toUriString();
    }
}
