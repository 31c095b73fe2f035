/** Token-bucket budgets (Bucket4j) that keep this service inside Replicate's rate limits. */
package dev.replicategateway.ratelimit;
