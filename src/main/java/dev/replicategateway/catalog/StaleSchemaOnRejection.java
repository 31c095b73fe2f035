package dev.replicategateway.catalog;

import dev.replicategateway.prediction.InputRejections;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.WorkKind;
import org.springframework.stereotype.Component;

/** Replicate refused an input the stored schema allowed: the schema is fetched again before the next request. */
@Component
class StaleSchemaOnRejection implements InputRejections {

    private final ModelCatalog catalog;

    StaleSchemaOnRejection(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void rejected(Prediction prediction) {
        if (prediction.kind() == WorkKind.PREDICTION) {
            catalog.inputRejected(prediction.model());
        }
    }
}
