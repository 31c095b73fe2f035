package dev.replicategateway.training;

import dev.replicategateway.replicate.CreateModelRequest;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import dev.replicategateway.replicate.ReplicateRequestException;
import dev.replicategateway.replicate.ReplicateService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Makes sure a training's destination model exists, creating it (private) when it does not. */
@Component
class DestinationModels {

    private static final Logger log = LoggerFactory.getLogger(DestinationModels.class);

    private final ReplicateService replicate;
    private final TrainingProperties properties;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    DestinationModels(ReplicateService replicate, TrainingProperties properties) {
        this.replicate = replicate;
        this.properties = properties;
    }

    void ensureExists(String destination) {
        if (known.contains(destination)) {
            return;
        }
        String[] parts = destination.split("/", 2);
        try {
            replicate.getModel(parts[0], parts[1]);
        } catch (ReplicateNotFoundException missing) {
            try {
                replicate.createModel(CreateModelRequest.privateModel(parts[0], parts[1], properties.hardware()));
                log.info("Created private destination model {}", destination);
            } catch (ReplicateRequestException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // Created meanwhile by another request or instance: what we wanted.
            }
        }
        known.add(destination);
    }
}
