package dev.replicategateway.prediction;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Retries the cancels of orphaned upstream work; off with {@code gateway.lifecycle.scheduling=false}. */
@Component
@ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
class OrphanJob {

    private final Orphans orphans;

    OrphanJob(Orphans orphans) {
        this.orphans = orphans;
    }

    @Scheduled(fixedDelayString = "30s", initialDelayString = "10s")
    void run() {
        orphans.cancelDue();
    }
}
