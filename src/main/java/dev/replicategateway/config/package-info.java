/**
 * Truly global setup: the clock, the .env loader, the simulator switch, the embedded store's durability,
 * and the check that a run matches the bean conditions its Spring AOT build was evaluated with.
 */
package dev.replicategateway.config;
