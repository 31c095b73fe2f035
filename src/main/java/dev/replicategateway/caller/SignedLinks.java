package dev.replicategateway.caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Short-lived links to one output or one event stream, signed for one caller: {@code path?caller=…
 * &expires=…&signature=…}. Browsers cannot send the API key from an {@code <img>} or an
 * {@code EventSource}; such a link stands in for it, for that path only, until it expires.
 */
@Component
public class SignedLinks {

    /** The only paths a link may open: GETs of a prediction's outputs and events. */
    private static final Pattern SIGNABLE =
            Pattern.compile("/predictions/[A-Za-z0-9_-]{1,64}/(outputs/[0-9]{1,4}|events)");

    /** Links handed out lately: each is the same for a whole TTL period, and a GET asks for two. */
    private static final int RECENT_LINKS = 10_000;

    private final byte[] key;
    private final Mac prototype;
    /**
     * Upkeep on the calling thread: handed to the common pool (Caffeine's default), each drain of the
     * read buffer woke another thread, 0.5 s of CPU per 10 s of GETs once the cache was full, and a GET
     * cost 6 % more (bench/README.md, tenth pass).
     */
    private final Cache<String, String> recent = Caffeine.newBuilder()
            .maximumSize(RECENT_LINKS)
            .executor(Runnable::run)
            .build();

    private final long ttlSeconds;
    private final Clock clock;

    SignedLinks(LinkProperties properties, JdbcClient jdbc, Clock clock) {
        this.key = SigningKeys.resolve(properties.secret(), SigningKeys.LINKS, jdbc, clock);
        this.prototype = keyed(key);
        this.ttlSeconds = properties.ttl().toSeconds();
        this.clock = clock;
    }

    /** A signed link to a prediction's event stream. */
    public String events(String predictionId, String caller) {
        return sign("/predictions/" + predictionId + "/events", caller);
    }

    /** A signed link to one kept output of a prediction. */
    public String output(String predictionId, int index, String caller) {
        return sign("/predictions/" + predictionId + "/outputs/" + index, caller);
    }

    /** A link to {@code path} for {@code caller}, valid for at least one TTL; the same URL for a whole TTL period. */
    String sign(String path, String caller) {
        long expires = (clock.instant().getEpochSecond() / ttlSeconds + 2) * ttlSeconds;
        return recent.get(path + "\n" + caller + "\n" + expires, unused -> link(path, caller, expires));
    }

    private String link(String path, String caller, long expires) {
        if (!SIGNABLE.matcher(path).matches()) {
            throw new IllegalArgumentException("not a path a link may open: " + path);
        }
        return path + "?caller=" + URLEncoder.encode(caller, StandardCharsets.UTF_8) + "&expires=" + expires
                + "&signature=" + signature(path, caller, expires);
    }

    static boolean isSignable(String path) {
        return SIGNABLE.matcher(path).matches();
    }

    /** Whether a presented link is genuine and still valid. */
    Verdict verify(String path, String caller, String expires, String signature) {
        if (caller == null || expires == null || signature == null || !isSignable(path)) {
            return Verdict.INVALID;
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
        byte[] expected = signature(path, caller, expiresAt).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        return clock.instant().getEpochSecond() < expiresAt ? Verdict.VALID : Verdict.EXPIRED;
    }

    enum Verdict {
        VALID,
        EXPIRED,
        INVALID
    }

    private String signature(String path, String caller, long expires) {
        Mac mac = mac();
        byte[] digest = mac.doFinal((path + "\n" + caller + "\n" + expires).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** A copy of the keyed prototype: cheaper than looking the algorithm up and keying it for every link. */
    private Mac mac() {
        if (prototype != null) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // a provider whose Mac cannot be copied: key a new one
            }
        }
        return keyed(key);
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
