package dev.replicategateway.ratelimit;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    UpstreamRateLimiter upstreamRateLimiter(UpstreamLimitProperties limits, Clock clock, MeterRegistry meters) {
        return new UpstreamRateLimiter(
                limits, clock, TimeMeter.SYSTEM_MILLISECONDS, UpstreamRateLimiter.Sleeper.THREAD, meters);
    }
}
