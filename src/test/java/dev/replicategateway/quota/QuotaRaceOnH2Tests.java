package dev.replicategateway.quota;

/** The race on the embedded store. */
class QuotaRaceOnH2Tests extends QuotaRaceContract {}
