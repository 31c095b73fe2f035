/** What a model costs on Replicate: the price table, estimates before a run and the cost after it. */
package dev.replicategateway.pricing;
