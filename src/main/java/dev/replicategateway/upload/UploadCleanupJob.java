package dev.replicategateway.upload;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes uploaded input files upstream once they are no longer needed; off with the rest of the scheduled work in tests. */
@Component
@ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
class UploadCleanupJob {

    private final UploadedInputs uploads;

    UploadCleanupJob(UploadedInputs uploads) {
        this.uploads = uploads;
    }

    @Scheduled(fixedDelayString = "30s", initialDelayString = "15s")
    void run() {
        uploads.deleteDue();
    }
}
