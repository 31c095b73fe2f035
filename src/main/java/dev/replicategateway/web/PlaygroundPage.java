package dev.replicategateway.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The playground at {@code /}: static files of the service itself (no build step), a living example
 * of a frontend on this API. Only {@code /} and {@code /playground/**} serve files; everything else
 * stays the API. Its policy allows its own scripts and styles, and images and streams of this origin.
 */
@Controller
class PlaygroundPage {

    static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final Resource index = new ClassPathResource("static/index.html");

    @Hidden
    @GetMapping({"/", "/index.html"})
    ResponseEntity<Resource> index() {
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", POLICY)
                .body(index);
    }

    @Configuration(proxyBeanMethods = false)
    static class PlaygroundFiles implements WebMvcConfigurer {
        @Override
        public void addResourceHandlers(ResourceHandlerRegistry registry) {
            registry.addResourceHandler("/playground/**")
                    .addResourceLocations("classpath:/static/playground/")
                    .setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)));
        }
    }
}
