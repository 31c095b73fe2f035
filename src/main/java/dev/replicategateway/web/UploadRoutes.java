package dev.replicategateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.StandardServletMultipartResolver;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Multipart bodies are parsed (up to 100 MB, to disk) only on the routes that take uploads; anywhere
 * else (the unauthenticated webhook and health endpoints included) a multipart request is refused
 * before anything reads its body.
 */
@Configuration(proxyBeanMethods = false)
class UploadRoutes {

    /** {@code METHOD path} of every route that takes a file upload. */
    static final Set<String> ROUTES =
            Set.of("POST /trainings", "POST /generate", "POST /v1/files", "POST /simulator/v1/files");

    static boolean takesUploads(HttpServletRequest request) {
        return ROUTES.contains(request.getMethod() + " " + request.getRequestURI());
    }

    static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Bean(name = DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    MultipartResolver multipartResolver() {
        return new StandardServletMultipartResolver() {
            @Override
            public boolean isMultipart(HttpServletRequest request) {
                return takesUploads(request) && super.isMultipart(request);
            }
        };
    }

    /** Refuses multipart bodies on every other route, first thing, with a 415 problem. */
    @Component
    @Order(Ordered.HIGHEST_PRECEDENCE + 5)
    static class MultipartElsewhereFilter extends OncePerRequestFilter {

        private final ObjectMapper json;

        MultipartElsewhereFilter(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (isMultipart(request) && !takesUploads(request)) {
                response.setHeader("Connection", "close");
                ProblemResponses.write(
                        json,
                        request,
                        response,
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                        "Unsupported media type",
                        "This route takes no file uploads; send JSON.");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
