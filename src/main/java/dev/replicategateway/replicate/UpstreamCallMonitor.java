package dev.replicategateway.replicate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Times every Replicate call by endpoint and outcome, and remembers the last one for health. */
class UpstreamCallMonitor {

    /** The last call made: endpoint template, outcome ({@code 2xx}, a status, or an exception kind), when. */
    public record LastCall(String endpoint, String outcome, boolean ok, Instant at) {}

    private final MeterRegistry meters;
    private final Clock clock;
    private final AtomicReference<LastCall> last = new AtomicReference<>();

    public UpstreamCallMonitor(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    void record(String endpoint, String outcome, boolean ok, long nanos) {
        Timer.builder("replicate.client.requests")
                .description("Calls to Replicate's API")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome)
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
        last.set(new LastCall(endpoint, outcome, ok, clock.instant()));
    }

    void retried(String callKind) {
        meters.counter("replicate.client.retries", "kind", callKind).increment();
    }

    public LastCall lastCall() {
        return last.get();
    }
}
