package dev.replicategateway.prediction;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs on a fixed delay; off with {@code gateway.lifecycle.scheduling=false} (tests drive it by hand). */
@Component
@ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
class SubmitterJob {

    private final Submitter submitter;

    SubmitterJob(Submitter submitter) {
        this.submitter = submitter;
    }

    @Scheduled(fixedDelayString = "${gateway.lifecycle.submit.interval:500ms}", initialDelayString = "1s")
    void run() {
        submitter.submitDue();
    }
}
