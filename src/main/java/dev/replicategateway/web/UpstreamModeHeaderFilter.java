package dev.replicategateway.web;

import dev.replicategateway.replicate.UpstreamTarget;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Marks every answer with the upstream in use, so nobody mistakes simulated images for real ones. */
@Component
class UpstreamModeHeaderFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Replicate-Mode";

    private final UpstreamTarget target;

    UpstreamModeHeaderFilter(UpstreamTarget target) {
        this.target = target;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, target.simulated() ? "simulated" : "live");
        chain.doFilter(request, response);
    }
}
