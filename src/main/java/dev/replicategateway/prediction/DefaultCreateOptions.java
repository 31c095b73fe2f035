package dev.replicategateway.prediction;

import dev.replicategateway.replicate.CreateOptions;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DefaultCreateOptions {

    /** Without webhooks: only the deadline, so Replicate stops work we would no longer wait for. */
    @Bean
    @ConditionalOnMissingBean
    CreateOptionsFactory createOptionsFactory() {
        return (Prediction prediction, Instant now) ->
                CreateOptions.NONE.withCancelAfter(CreateOptionsFactory.remaining(prediction, now));
    }
}
