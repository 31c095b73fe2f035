package dev.replicategateway.web;

/** One offending field of a rejected request, as listed in a 400 problem's {@code errors}. */
public record FieldError(String field, String message) {}
