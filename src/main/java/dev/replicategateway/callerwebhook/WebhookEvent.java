package dev.replicategateway.callerwebhook;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The events a caller may ask to be told about, as Replicate's {@code webhook_events_filter} names them. */
public enum WebhookEvent {
    /** Sent to Replicate: the run started. */
    START,
    /** New output while it runs. */
    OUTPUT,
    /** New log lines while it runs. */
    LOGS,
    /** Final: succeeded, failed, canceled or aborted. */
    COMPLETED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** All of them when none are named, as Replicate does. */
    static Set<WebhookEvent> parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            return EnumSet.allOf(WebhookEvent.class);
        }
        Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        for (String name : names) {
            events.add(WebhookEvent.valueOf(name.trim().toUpperCase(Locale.ROOT)));
        }
        return events;
    }

    static String column(Set<WebhookEvent> events) {
        return events.stream().map(WebhookEvent::wireName).collect(Collectors.joining(","));
    }

    static Set<WebhookEvent> ofColumn(String column) {
        Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        for (String name : column.split(",")) {
            if (!name.isBlank()) {
                events.add(WebhookEvent.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return events;
    }

    static boolean isName(String name) {
        for (WebhookEvent event : values()) {
            if (event.wireName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
