package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2015-10-21T07:27:30Z"), ZoneOffset.UTC);

    @Test
    void headerInSecondsIsTheWait() {
        assertThat(RetryAfter.parse("1", null, CLOCK)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryAfter.parse(" 120 ", null, CLOCK)).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void headerAsHttpDateIsTheTimeUntilThatDate() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", null, CLOCK))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void headerDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", null, CLOCK))
                .isZero();
    }

    @Test
    void detailResetsInSecondsIsTheWaitWhenNoHeader() {
        assertThat(RetryAfter.parse(null, "Request was throttled. Your rate limit resets in ~30s.", CLOCK))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void detailExpectedAvailableInSecondsIsTheWaitWhenNoHeader() {
        assertThat(RetryAfter.parse("", "Request was throttled. Expected available in 1 second.", CLOCK))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void headerWinsOverDetail() {
        assertThat(RetryAfter.parse("2", "Request was throttled. Your rate limit resets in ~30s.", CLOCK))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void unreadableHeaderFallsBackToDetail() {
        assertThat(RetryAfter.parse("soon", "Request was throttled. Expected available in 3 seconds.", CLOCK))
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void nothingNamedMeansNull() {
        assertThat(RetryAfter.parse(null, null, CLOCK)).isNull();
        assertThat(RetryAfter.parse("soon", "Request was throttled.", CLOCK)).isNull();
    }

    @Test
    void absurdWaitsAreReadWithoutFailingAndLeftToTheLimiterToCut() {
        assertThat(RetryAfter.parse("Infinity", null, CLOCK)).isGreaterThan(Duration.ofDays(365));
        assertThat(RetryAfter.parse("86400", null, CLOCK)).isEqualTo(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", null, CLOCK))
                .isGreaterThan(Duration.ofDays(365));
        assertThat(RetryAfter.parse("-5", null, CLOCK)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("NaN", "resets in 3600 s", CLOCK)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aRetryAfterNumberInTheBodyIsReadWhenTheHeaderIsMissing() {
        assertThat(RetryAfter.parse(null, 7.0, "6 requests per minute with a burst of 1", CLOCK))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse("2", 7.0, null, CLOCK)).isEqualTo(Duration.ofSeconds(2));
    }
}
