/** The durable prediction lifecycle: the store, the submitter, the poller and the predictions API. */
package dev.replicategateway.prediction;
