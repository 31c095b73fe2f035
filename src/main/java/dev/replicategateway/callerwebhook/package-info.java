/** Webhooks to callers: their subscriptions, a durable outbox written with each state change, signed deliveries retried for a day. */
package dev.replicategateway.callerwebhook;
