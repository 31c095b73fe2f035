package dev.replicategateway.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Models: read with their latest version, and created (without a version until a training publishes one). */
@RestController
@RequestMapping("/simulator/v1")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class ModelsController {

    private final SimulatorState state;

    ModelsController(SimulatorState state) {
        this.state = state;
    }

    @GetMapping("/models/{owner}/{name}")
    Map<String, Object> get(@PathVariable String owner, @PathVariable String name) {
        state.publishFinishedTrainings(owner + "/" + name);
        SimulatorState.Model model = state.models.get(owner + "/" + name);
        if (model == null) {
            throw SimulatorError.notFound("Not found.");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", "https://replicate.com/" + owner + "/" + name);
        json.put("owner", owner);
        json.put("name", name);
        json.put("description", "Simulated model");
        json.put("visibility", model.visibility());
        json.put(
                "latest_version",
                model.latestVersion() == null
                        ? null
                        : Map.of(
                                "id", model.latestVersion(),
                                "created_at", model.createdAt().toString(),
                                "cog_version", "0.9.0",
                                "openapi_schema", Map.of("info", Map.of("title", "Cog", "version", "0.1.0"))));
        return json;
    }

    @PostMapping("/models")
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        String owner = String.valueOf(body.get("owner"));
        String name = String.valueOf(body.get("name"));
        if (state.models.containsKey(owner + "/" + name)) {
            throw new SimulatorError(409, "Conflict", "A model with that name already exists.", null);
        }
        state.models.put(
                owner + "/" + name,
                new SimulatorState.Model(
                        owner,
                        name,
                        String.valueOf(body.getOrDefault("visibility", "private")),
                        String.valueOf(body.get("hardware")),
                        null,
                        state.clock.instant()));
        return ResponseEntity.status(201).body(get(owner, name));
    }
}
