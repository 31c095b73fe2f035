/**
 * A simulated Replicate served by this application under {@code /simulator/v1}: the same HTTP API, real
 * images, signed webhooks and injectable faults, so everything runs with no token, no network, no cost.
 * Loaded only when {@code replicate.simulator.enabled=true}.
 */
package dev.replicategateway.simulator;
