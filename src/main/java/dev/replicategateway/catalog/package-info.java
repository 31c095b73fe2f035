/** The model catalog: aliases and presets from configuration, each model's own input schema, and GET /models. */
package dev.replicategateway.catalog;
