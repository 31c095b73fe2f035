package dev.replicategateway.training;

import static dev.replicategateway.common.ModelNames.withoutVersion;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.generation.TrainedModels;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Lets /generate find the trigger word of a model its caller trained (with or without its version),
 * and refuses a model another caller trained.
 */
@Component
class CallersTrainedModels implements TrainedModels {

    private final TrainingRecords records;
    private final ModelOwners owners;

    CallersTrainedModels(TrainingRecords records, ModelOwners owners) {
        this.records = records;
        this.owners = owners;
    }

    @Override
    public Optional<String> triggerWord(Caller caller, String model) {
        return records.latestTriggerWord(caller.name(), withoutVersion(model));
    }

    @Override
    public void checkMayUse(Caller caller, String model) {
        // A bare version id (what replicate-javascript sends for owner/name:version) names the model by
        // the training that made it.
        String name = records.destinationOfVersion(model).orElse(withoutVersion(model));
        owners.checkMayRun(caller.name(), name);
    }
}
