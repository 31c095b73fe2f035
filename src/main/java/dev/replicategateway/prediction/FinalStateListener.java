package dev.replicategateway.prediction;

/** Told, inside the transaction that writes it, when a prediction reaches a final state. */
@FunctionalInterface
public interface FinalStateListener {

    void onFinal(Prediction prediction);
}
