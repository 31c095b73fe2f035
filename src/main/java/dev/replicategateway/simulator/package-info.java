/** A simulated Replicate, loaded only in simulator mode: its API under /simulator/v1 with real models' schemas, rendered images, signed webhooks and injectable faults. */
package dev.replicategateway.simulator;
