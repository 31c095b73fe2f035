package dev.replicategateway.replicate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import dev.replicategateway.replicate.ReplicateRetryRules.CallKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the {@link ReplicateService}. Its retries and circuit breaker are made here from code, in
 * registries of its own that are no beans: no {@code resilience4j.*} property can replace the rule that
 * a sent create is never repeated.
 */
@Configuration(proxyBeanMethods = false)
class ReplicateServiceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReplicateServiceConfiguration.class);

    static final String SAFE_RETRY = "replicate-safe";
    static final String CREATE_RETRY = "replicate-create";
    static final String BREAKER = "replicate";

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
        return httpClient(properties);
    }

    static OkHttpClient httpClient(ReplicateProperties properties) {
        return new OkHttpClient.Builder()
                .connectTimeout(properties.connectTimeout())
                .readTimeout(properties.readTimeout())
                .writeTimeout(properties.readTimeout())
                // OkHttp would silently resend a POST on some connection failures: that could pay twice.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
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
    ReplicateService replicateService(
            OkHttpClient replicateHttpClient,
            ReplicateProperties properties,
            UpstreamTarget target,
            UpstreamRateLimiter limiter,
            UpstreamCallMonitor monitor,
            MeterRegistry meters,
            Clock clock) {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        return service(
                replicateHttpClient, properties, target, limiter, monitor, RetryRegistry.ofDefaults(), breakers, clock);
    }

    /** The service as production builds it; tests pass their own registries to watch retries and the breaker. */
    static ReplicateService service(
            OkHttpClient http,
            ReplicateProperties properties,
            UpstreamTarget target,
            UpstreamRateLimiter limiter,
            UpstreamCallMonitor monitor,
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            Clock clock) {
        Retry safe = retries.retry(SAFE_RETRY, ReplicateRetryRules.config(CallKind.SAFE, properties.retry()));
        Retry create = retries.retry(CREATE_RETRY, ReplicateRetryRules.config(CallKind.CREATE, properties.retry()));
        safe.getEventPublisher().onRetry(event -> monitor.retried("safe"));
        create.getEventPublisher().onRetry(event -> monitor.retried("create"));
        CircuitBreaker breaker = breakers.circuitBreaker(BREAKER, breakerConfig(properties));
        breaker.getEventPublisher()
                .onStateTransition(event -> log.warn("Replicate circuit breaker: {}", event.getStateTransition()));
        return new ReplicateService(http, wireMapper(), target, limiter, monitor, breaker, safe, create, clock);
    }

    static CircuitBreakerConfig breakerConfig(ReplicateProperties properties) {
        ReplicateProperties.CircuitBreaker settings = properties.circuitBreaker();
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .slowCallDurationThreshold(settings.slowCallThreshold())
                .slowCallRateThreshold(settings.slowCallRateThreshold())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.probes())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }
}
