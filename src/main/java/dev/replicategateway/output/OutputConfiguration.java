package dev.replicategateway.output;

import dev.replicategateway.prediction.PredictionRepository;
import dev.replicategateway.replicate.UpstreamTarget;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.outputs.enabled", havingValue = "true", matchIfMissing = true)
class OutputConfiguration {

    @Bean
    OutputKeeper outputKeeper(
            OutputRows rows,
            OutputStore store,
            OutputProperties properties,
            UpstreamTarget target,
            TransactionTemplate transactions,
            PredictionRepository predictions,
            MeterRegistry meters,
            Clock clock) {
        var downloader = new OutputDownloader(
                properties.allowedHosts(), target::host, properties.maxSize().toBytes());
        return new OutputKeeper(rows, store, downloader, properties, transactions, predictions, meters, clock);
    }

    @Bean
    OutputStore outputStore(OutputProperties properties) {
        return new OutputStore(properties.directory());
    }

    /** Copies due outputs every second; off with the rest of the scheduled work in tests. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
    static class OutputJob {

        private final OutputKeeper keeper;

        OutputJob(OutputKeeper keeper) {
            this.keeper = keeper;
        }

        @Scheduled(fixedDelayString = "1s", initialDelayString = "2s")
        void run() {
            keeper.copyDue();
        }
    }
}
