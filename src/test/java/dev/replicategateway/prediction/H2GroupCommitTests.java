package dev.replicategateway.prediction;

/** Accepts committed together on the embedded default store. */
class H2GroupCommitTests extends GroupCommitContract {}
