package dev.replicategateway.web;

import java.net.URI;

/** Stable {@code type} URIs of this API's problem details, one per kind of error. */
public final class ProblemTypes {

    public static final URI INVALID_REQUEST = URI.create("/problems/invalid-request");
    public static final URI MALFORMED_BODY = URI.create("/problems/malformed-body");
    public static final URI NOT_FOUND = URI.create("/problems/not-found");
    public static final URI METHOD_NOT_ALLOWED = URI.create("/problems/method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("/problems/unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = URI.create("/problems/not-acceptable");
    public static final URI BODY_TOO_LARGE = URI.create("/problems/body-too-large");
    public static final URI IDEMPOTENCY_KEY_REUSED = URI.create("/problems/idempotency-key-reused");
    public static final URI CONFLICT = URI.create("/problems/conflict");
    public static final URI UNAUTHORIZED = URI.create("/problems/unauthorized");
    public static final URI RATE_LIMITED = URI.create("/problems/rate-limited");
    public static final URI UPSTREAM_ERROR = URI.create("/problems/upstream-error");
    public static final URI OUTPUT_STORE_UNAVAILABLE = URI.create("/problems/output-store-unavailable");
    public static final URI LINK_INVALID = URI.create("/problems/link-invalid");
    public static final URI TOKEN_INVALID = URI.create("/problems/token-invalid");
    public static final URI FORBIDDEN = URI.create("/problems/forbidden");
    public static final URI UNSUPPORTED_CONTENT = URI.create("/problems/unsupported-content");
    public static final URI INTERNAL = URI.create("/problems/internal-error");

    private ProblemTypes() {}
}
