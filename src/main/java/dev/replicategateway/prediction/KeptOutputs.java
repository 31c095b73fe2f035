package dev.replicategateway.prediction;

import java.util.List;

/** The service's own copies of a prediction's outputs, when a feature keeps them. */
public interface KeptOutputs {

    /** What the API shows about a prediction's outputs. */
    record Status(boolean persisted, List<String> urls, String error) {}

    /** Null when outputs are not kept (nothing to say). */
    Status of(Prediction prediction);
}
