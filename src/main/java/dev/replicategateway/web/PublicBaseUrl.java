package dev.replicategateway.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Where callers reach this service, for the absolute URLs some answers need (the compatible API's
 * links, webhook bodies read elsewhere): {@code PUBLIC_BASE_URL} when set, else the current request's
 * own scheme, host and port.
 */
@Component
public class PublicBaseUrl {

    private final String configured;

    PublicBaseUrl(@Value("${gateway.webhooks.public-base-url:}") String configured) {
        this.configured = configured == null ? "" : configured.strip().replaceAll("/+$", "");
    }

    /** The base URL, without a trailing slash; call while serving a request unless one is configured. */
    public String get() {
        if (!configured.isEmpty()) {
            return configured;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
