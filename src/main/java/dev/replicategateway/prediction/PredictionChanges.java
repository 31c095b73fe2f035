package dev.replicategateway.prediction;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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

    /**
     * Runs {@code action} once the transaction that told of a change has committed (at once when there
     * is none), for what must see the change from outside that transaction: a reader told earlier would
     * read the prediction as it was.
     */
    static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
