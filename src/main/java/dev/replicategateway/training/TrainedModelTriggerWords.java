package dev.replicategateway.training;

import dev.replicategateway.generation.TriggerWords;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Lets /generate find the trigger word of a model this service trained, with or without its version. */
@Component
class TrainedModelTriggerWords implements TriggerWords {

    private final TrainingRecords records;

    TrainedModelTriggerWords(TrainingRecords records) {
        this.records = records;
    }

    @Override
    public Optional<String> of(String model) {
        int colon = model.indexOf(':');
        return records.latestTriggerWord(colon < 0 ? model : model.substring(0, colon));
    }
}
