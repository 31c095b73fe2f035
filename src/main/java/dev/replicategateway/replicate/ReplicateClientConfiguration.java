package dev.replicategateway.replicate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class ReplicateClientConfiguration {

    /** Replicate's wire format, independent of how this service's own API is serialised. */
    static ObjectMapper wireMapper() {
        return JsonMapper.builder()
                .findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    @Bean
    OkHttpClient replicateHttpClient(ReplicateProperties properties) {
        return new OkHttpClient.Builder()
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                // OkHttp would silently resend a POST on some connection failures: that could pay twice.
                .retryOnConnectionFailure(false)
                .eventListenerFactory(SendTracker.LISTENER_FACTORY)
                .build();
    }

    /**
     * The real API when a token is configured; otherwise (or with {@code REPLICATE_SIMULATOR=true}) the
     * simulator this application serves under {@code /simulator/v1}.
     */
    @Bean
    UpstreamTarget upstreamTarget(ReplicateProperties properties, Environment environment) {
        boolean simulated = environment.getProperty("replicate.simulator.enabled", Boolean.class, false);
        if (!simulated) {
            return new UpstreamTarget(false, () -> properties.baseUrl().toString(), properties.apiToken());
        }
        return new UpstreamTarget(
                true,
                () -> "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080") + "/simulator/v1",
                properties.hasToken() ? properties.apiToken() : "r8_simulated");
    }

    @Bean
    UpstreamCallMonitor upstreamCallMonitor(MeterRegistry meters, Clock clock) {
        return new UpstreamCallMonitor(meters, clock);
    }

    @Bean
    ReplicateClient replicateClient(
            OkHttpClient replicateHttpClient,
            ReplicateProperties properties,
            UpstreamTarget target,
            UpstreamRateLimiter limiter,
            UpstreamCallMonitor monitor,
            RetryRegistry retryRegistry,
            Clock clock) {
        return new ReplicateClient(
                replicateHttpClient, wireMapper(), properties, target, limiter, monitor, retryRegistry, clock);
    }
}
