package dev.replicategateway.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.replicategateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SignedLinksTests {

    private static final String PATH = "/predictions/gw_abc/events";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));
    private final SignedLinks links = new SignedLinks(
            new LinkProperties("a-link-secret-of-at-least-32-characters", Duration.ofMinutes(15)), null, clock);

    @Test
    void eachCallerGetsALinkOfItsOwnThatOpensForItOnly() {
        Map<String, String> alices = query(links.events("gw_abc", "alice"));
        Map<String, String> bobs = query(links.events("gw_abc", "bob"));

        assertThat(alices.get("signature")).isNotEqualTo(bobs.get("signature"));
        assertThat(links.verify(PATH, "alice", alices.get("expires"), alices.get("signature")))
                .isEqualTo(SignedLinks.Verdict.VALID);
        assertThat(links.verify(PATH, "alice", bobs.get("expires"), bobs.get("signature")))
                .isEqualTo(SignedLinks.Verdict.INVALID);
    }

    @Test
    void aLinkIsTheSameForAWholePeriodAndFreshInTheNext() {
        String first = links.events("gw_abc", "alice");
        clock.advance(Duration.ofMinutes(14));
        String later = links.events("gw_abc", "alice");
        clock.advance(Duration.ofMinutes(2));
        String next = links.events("gw_abc", "alice");

        assertThat(later).isEqualTo(first);
        assertThat(next).isNotEqualTo(first);
        Map<String, String> fresh = query(next);
        assertThat(links.verify(PATH, "alice", fresh.get("expires"), fresh.get("signature")))
                .isEqualTo(SignedLinks.Verdict.VALID);
    }

    @Test
    void aPathNoLinkMayOpenIsRefusedEveryTimeItIsAskedFor() {
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatIllegalArgumentException().isThrownBy(() -> links.sign("/predictions/gw_abc/cancel", "alice"));
        }
    }

    private static Map<String, String> query(String link) {
        return Stream.of(link.substring(link.indexOf('?') + 1).split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    }
}
