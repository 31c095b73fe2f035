package dev.replicategateway.output;

import dev.replicategateway.caller.SignedLinks;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.replicate.UpstreamTarget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.outputs.enabled", havingValue = "true", matchIfMissing = true)
class OutputConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OutputConfiguration.class);

    @Bean
    OutputKeeper outputKeeper(
            OutputRows rows,
            OutputStore store,
            SignedLinks links,
            OutputProperties properties,
            UpstreamTarget target,
            TransactionTemplate transactions,
            PredictionQueries predictions,
            MeterRegistry meters,
            Clock clock) {
        var downloader = new OutputDownloader(
                properties.allowedHosts(), target::host, properties.maxSize().toBytes(), properties.downloadTimeout());
        return new OutputKeeper(rows, store, downloader, links, properties, transactions, predictions, meters, clock);
    }

    @Bean
    OutputStore outputStore(OutputProperties properties) {
        OutputStore store = properties.store() == OutputProperties.Store.S3
                ? new S3OutputStore(properties.s3())
                : new DirectoryOutputStore(properties.directory());
        log.info("Kept outputs go to {}", store.location());
        return store;
    }

    @Bean
    OutputStoreHealthIndicator outputStoreHealthIndicator(OutputStore store, OutputProperties properties, Clock clock) {
        return new OutputStoreHealthIndicator(store, properties.store(), clock);
    }

    /**
     * A bean of this configuration rather than a nested configuration: component scanning registers a
     * nested one on its own, without this class's condition, so with outputs off the context failed to
     * start, missing the keeper.
     */
    @Bean
    @ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
    OutputJob outputJob(OutputKeeper keeper) {
        return new OutputJob(keeper);
    }

    /** Copies due outputs (checked every second); off with the rest of the scheduled work in tests. */
    static class OutputJob {

        private static final Duration DRAIN_AT_MOST = Duration.ofSeconds(20);

        private final OutputKeeper keeper;

        OutputJob(OutputKeeper keeper) {
            this.keeper = keeper;
        }

        @Scheduled(fixedDelayString = "1s", initialDelayString = "2s")
        void run() {
            // Batch after batch while a backlog lasts (a failed copy is rescheduled later, so it ends), but
            // never holding a scheduler thread for long: the submitter and poller share the pool.
            long until = System.nanoTime() + DRAIN_AT_MOST.toNanos();
            int copied;
            do {
                copied = keeper.copyDue();
            } while (copied > 0 && System.nanoTime() < until);
        }
    }
}
