/** The Replicate HTTP API client: the only package that knows Replicate's wire format, errors and retry rules. */
package dev.replicategateway.replicate;
