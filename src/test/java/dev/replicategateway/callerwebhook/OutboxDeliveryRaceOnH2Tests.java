package dev.replicategateway.callerwebhook;

/** The race on the embedded store. */
class OutboxDeliveryRaceOnH2Tests extends OutboxDeliveryRaceContract {}
