package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionIdsTests {

    private final PredictionIds ids = new PredictionIds();

    @Test
    void idsSortInTheOrderOfTheirInstantsAcrossEveryDigit() {
        // Each step changes a different 5-bit digit of the millisecond, including the digits 2-7, which
        // sort before the letters only in an alphabet kept in ASCII order.
        List<String> made = new ArrayList<>();
        for (long millis = 1; millis < 1L << 40; millis = millis * 3 + 1) {
            made.add(ids.next(Instant.ofEpochMilli(millis)));
        }
        made.add(ids.next(Instant.parse("2026-12-04T01:00:00Z")));
        made.add(ids.next(Instant.parse("2026-12-04T01:00:00.001Z")));
        made.add(ids.next(Instant.parse("2100-01-01T00:00:00Z")));

        assertThat(made).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void idsHaveReplicatesLengthOurPrefixAndAreWellFormed() {
        String id = ids.next(Instant.parse("2026-12-04T01:00:00Z"));

        assertThat(id).startsWith("gw_").hasSize(29).matches("gw_[a-z2-7]{26}");
        assertThat(Prediction.isWellFormedId(id)).isTrue();
    }

    @Test
    void idsOfOneMillisecondDifferInTheirRandomPart() {
        Instant now = Instant.parse("2026-12-04T01:00:00Z");
        HashSet<String> made = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next(now));
        }

        assertThat(made).hasSize(10_000);
        assertThat(made)
                .allSatisfy(id -> assertThat(id).startsWith(ids.next(now).substring(0, 13)));
    }
}
