package dev.replicategateway.caller;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Short-lived, stateless client tokens: {@code gwt_<payload>.<signature>}, the payload naming the
 * caller, its end user and the expiry, the signature an HMAC-SHA256 with a key every instance shares.
 * A token is checked on every request; it stops working when it expires or when no key of its
 * caller's name is left.
 */
@Component
class ClientTokens {

    static final String PREFIX = "gwt_";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    record Minted(String token, Instant expiresAt) {}

    sealed interface Verdict permits Valid, Expired, Invalid {}

    record Valid(String caller, String user) implements Verdict {}

    record Expired() implements Verdict {}

    record Invalid() implements Verdict {}

    private final byte[] key;
    private final Clock clock;

    ClientTokens(TokenProperties properties, JdbcClient jdbc, Clock clock) {
        this.key = SigningKeys.resolve(properties.secret(), SigningKeys.TOKENS, jdbc, clock);
        this.clock = clock;
    }

    Minted mint(String caller, String user, Duration ttl) {
        Instant expires = clock.instant().plus(ttl).plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        String payload = ENCODE.encodeToString(
                ("v1\n" + caller + "\n" + (user == null ? "" : user) + "\n" + expires.getEpochSecond())
                        .getBytes(StandardCharsets.UTF_8));
        return new Minted(PREFIX + payload + "." + sign(payload), expires);
    }

    static boolean looksLikeToken(String credential) {
        return credential.startsWith(PREFIX);
    }

    Verdict verify(String token) {
        if (!looksLikeToken(token)) {
            return new Invalid();
        }
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return new Invalid();
        }
        String payload = token.substring(PREFIX.length(), dot);
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            return new Invalid();
        }
        String[] fields;
        try {
            fields = new String(DECODE.decode(payload), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            return new Invalid();
        }
        if (fields.length != 4 || !fields[0].equals("v1")) {
            return new Invalid();
        }
        long expires;
        try {
            expires = Long.parseLong(fields[3]);
        } catch (NumberFormatException e) {
            return new Invalid();
        }
        if (clock.instant().getEpochSecond() >= expires) {
            return new Expired();
        }
        return new Valid(fields[1], fields[2].isEmpty() ? null : fields[2]);
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return ENCODE.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
