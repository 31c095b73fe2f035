package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogDeltaTests {

    @Test
    void eachNewLineIsSentOnceAsTheLogsGrow() {
        List<String> sent = new ArrayList<>();
        LogDelta delta = LogDelta.NOTHING_SENT;
        StringBuilder logs = new StringBuilder();
        for (int step = 0; step < 50; step++) {
            logs.append(String.format(" %d%%|| %d/50 [00:0%d]%n", step * 2, step, step % 10));
            LogDelta.Next next = delta.next(logs.toString());
            sent.add(next.text());
            delta = next.after();
            LogDelta.Next again = delta.next(logs.toString());
            assertThat(again.text()).as("nothing twice").isEmpty();
        }

        assertThat(String.join("", sent)).isEqualTo(logs.toString());
    }

    @Test
    void newLinesStillFlowOnceTheStoredTailIsAtItsCap() {
        int cap = 1000;
        List<String> lines = new ArrayList<>();
        StringBuilder sent = new StringBuilder();
        LogDelta delta = LogDelta.NOTHING_SENT;
        for (int i = 0; i < 200; i++) {
            lines.add("line " + i + " of a long training log\n");
            String all = String.join("", lines);
            String stored = all.length() <= cap ? all : all.substring(all.length() - cap);
            LogDelta.Next next = delta.next(stored);
            sent.append(next.text());
            delta = next.after();
        }

        assertThat(sent.toString()).isEqualTo(String.join("", lines));
    }

    @Test
    void logsThatOutgrewTheTailBetweenTwoLooksAreSentOnceNotRepeated() {
        LogDelta.Next first = LogDelta.NOTHING_SENT.next("a".repeat(300));
        String rewritten = "b".repeat(400);

        LogDelta.Next second = first.after().next(rewritten);
        LogDelta.Next third = second.after().next(rewritten);

        assertThat(second.text()).isEqualTo(rewritten);
        assertThat(third.text()).isEmpty();
    }
}
