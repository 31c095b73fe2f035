/** Replicate's webhooks: requested on every create, verified (Standard Webhooks), deduplicated, applied. */
package dev.replicategateway.webhook;
