/** The Replicate-compatible API under /v1: Replicate's own paths, bodies and errors over this service's lifecycle, for the official SDKs. */
package dev.replicategateway.compat;
