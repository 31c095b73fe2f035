package dev.replicategateway.caller;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/** Browser frontends: exactly the origins in {@code FRONTEND_URL} may call the API; preflights answered before authentication. */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration {

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(@Value("${gateway.frontend-url:}") String frontendUrls) {
        List<String> origins = Arrays.stream(frontendUrls.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        var cors = new org.springframework.web.cors.CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setAllowedHeaders(
                List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID", "Cache-Control"));
        cors.setExposedHeaders(List.of(
                "Location",
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "Idempotent-Replayed",
                "X-Replicate-Mode"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        for (String path : List.of(
                "/generate/**",
                "/generate",
                "/predictions/**",
                "/predictions",
                "/trainings/**",
                "/trainings",
                "/models/**",
                "/models",
                "/usage")) {
            source.registerCorsConfiguration(path, cors);
        }
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
        return registration;
    }
}
