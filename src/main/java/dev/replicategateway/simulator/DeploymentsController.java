package dev.replicategateway.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Deployments, each running the model version of its current release (predictions on them: PredictionsController). */
@RestController
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class DeploymentsController {

    private final SimulatorState state;

    DeploymentsController(SimulatorState state) {
        this.state = state;
    }

    @GetMapping("/simulator/v1/deployments/{owner}/{name}")
    Map<String, Object> get(@PathVariable String owner, @PathVariable String name) {
        ModelRegistry.Deployment deployment = state.models
                .deployment(owner, name)
                .orElseThrow(() -> SimulatorError.notFound("The requested deployment does not exist."));
        ModelRegistry.Release release = deployment.currentRelease();
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("hardware", release.hardware());
        configuration.put("min_instances", release.minInstances());
        configuration.put("max_instances", release.maxInstances());
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("number", release.number());
        current.put("model", release.model());
        current.put("version", release.version());
        current.put("created_at", release.createdAt().toString());
        current.put("created_by", Map.of("type", "organization", "username", deployment.owner()));
        current.put("configuration", configuration);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("owner", deployment.owner());
        json.put("name", deployment.name());
        json.put("current_release", current);
        return json;
    }
}
