package dev.replicategateway.prediction;

/**
 * Told, inside the transaction that writes it, of every change of a stored prediction a caller could
 * be told about: sent to Replicate, new logs or output, a final state. What it writes commits or rolls
 * back with the change itself; it runs behind a savepoint, so its failure cannot undo the change.
 */
@FunctionalInterface
public interface PredictionChanges {

    /**
     * @param before the prediction as it was (null when it is new, or ended before it was ever sent)
     * @param after the prediction as it now is
     */
    void changed(Prediction before, Prediction after);
}
