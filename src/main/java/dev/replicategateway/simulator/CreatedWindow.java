package dev.replicategateway.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A list's {@code created_after} and {@code created_before} filters. Replicate documents them as
 * "created at or after" and "created before": {@code after} is inclusive, {@code before} exclusive.
 * Either may be null.
 */
record CreatedWindow(Instant after, Instant before) {

    static final CreatedWindow ALL = new CreatedWindow(null, null);

    /** @throws SimulatorError 400 when a value is not an ISO 8601 date-time (or date) */
    static CreatedWindow parse(String createdAfter, String createdBefore) {
        return new CreatedWindow(instant("created_after", createdAfter), instant("created_before", createdBefore));
    }

    /** Whether {@code createdAt} is too new for the window (jobs are listed newest first). */
    boolean isAfterWindow(Instant createdAt) {
        return before != null && !createdAt.isBefore(before);
    }

    /** Whether {@code createdAt} is too old: every job listed after it is older still. */
    boolean isBeforeWindow(Instant createdAt) {
        return after != null && createdAt.isBefore(after);
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        // An unencoded "+01:00" offset reaches us as " 01:00".
        String text = value.trim().replace(' ', '+');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return text.length() == 10
                        ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC)
                        : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw SimulatorError.badRequest(name + " must be an ISO 8601 date-time, like 2025-01-31T12:00:00Z");
            }
        }
    }
}
