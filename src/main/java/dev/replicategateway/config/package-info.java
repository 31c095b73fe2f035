/** Truly global setup: the clock, the .env loader and scheduling. */
package dev.replicategateway.config;
