package dev.replicategateway.prediction;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs on a fixed delay; off with {@code gateway.lifecycle.scheduling=false} (tests drive it by hand). */
@Component
@ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
class PollerJob {

    private final Poller poller;

    PollerJob(Poller poller) {
        this.poller = poller;
    }

    @Scheduled(fixedDelayString = "${gateway.lifecycle.poll.interval:1s}", initialDelayString = "1s")
    void run() {
        poller.pollDue();
    }
}
