package dev.replicategateway.prediction;

/**
 * Which part of a prediction's stored logs a stream has not sent yet. The store keeps a bounded tail
 * that only grows at its end and is trimmed at its start, so lengths alone cannot tell: the stream
 * remembers the last characters it sent (an anchor) and where the logs ended then, and sends what
 * follows the anchor. Logs that outgrew the tail between two looks have lost the anchor; then the
 * whole tail is new to the stream and is sent once.
 *
 * @param anchor the last characters sent (empty before anything was sent)
 * @param sentEnd the length of the logs when they were last sent
 */
record LogDelta(String anchor, int sentEnd) {

    static final LogDelta NOTHING_SENT = new LogDelta("", 0);
    private static final int ANCHOR = 256;

    /** The text to send now for {@code logs} (empty when nothing is new), and the delta to keep after. */
    Next next(String logs) {
        if (logs == null || logs.isEmpty()) {
            return new Next("", this);
        }
        if (anchor.isEmpty()) {
            return sent(logs, logs);
        }
        int from = Math.min(logs.length(), sentEnd) - anchor.length();
        int at = from < 0 ? -1 : logs.lastIndexOf(anchor, from);
        if (at < 0) {
            return sent(logs, logs);
        }
        String fresh = logs.substring(at + anchor.length());
        return fresh.isEmpty() ? new Next("", new LogDelta(anchor, logs.length())) : sent(logs, fresh);
    }

    private static Next sent(String logs, String fresh) {
        return new Next(fresh, new LogDelta(logs.substring(Math.max(0, logs.length() - ANCHOR)), logs.length()));
    }

    record Next(String text, LogDelta after) {}
}
