package dev.replicategateway.prediction;

/** Told when Replicate refused a prediction's input (422): whatever validated it is out of date. */
@FunctionalInterface
public interface InputRejections {

    void rejected(Prediction prediction);
}
