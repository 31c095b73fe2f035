package dev.replicategateway.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page as Replicate's lists answer: absolute {@code next} and {@code previous} URLs, or null. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record V1Page<T>(String next, String previous, List<T> results) {}
