package dev.replicategateway.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Models and their versions, each version with its {@code openapi_schema}. A model created here has no
 * version until a training publishes one.
 */
@RestController
@RequestMapping("/simulator/v1/models")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class ModelsController {

    private final SimulatorState state;

    ModelsController(SimulatorState state) {
        this.state = state;
    }

    @GetMapping("/{owner}/{name}")
    Map<String, Object> get(@PathVariable String owner, @PathVariable String name) {
        ModelRegistry.Model model = model(owner, name);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", "https://replicate.com/" + owner + "/" + name);
        json.put("owner", owner);
        json.put("name", name);
        json.put("description", model.description());
        json.put("visibility", model.visibility());
        json.put("github_url", null);
        json.put("paper_url", null);
        json.put("license_url", null);
        json.put("run_count", 0);
        json.put("cover_image_url", null);
        json.put("default_example", null);
        json.put(
                "latest_version",
                state.models
                        .latestOf(model.fullName())
                        .map(ModelsController::json)
                        .orElse(null));
        return json;
    }

    @GetMapping("/{owner}/{name}/versions")
    Map<String, Object> versions(@PathVariable String owner, @PathVariable String name) {
        ModelRegistry.Model model = model(owner, name);
        List<Map<String, Object>> results = state.models.versionsOf(model.fullName()).stream()
                .map(ModelsController::json)
                .toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("previous", null);
        page.put("next", null);
        page.put("results", results);
        return page;
    }

    @GetMapping("/{owner}/{name}/versions/{version}")
    Map<String, Object> version(@PathVariable String owner, @PathVariable String name, @PathVariable String version) {
        ModelRegistry.Model model = model(owner, name);
        return state.models
                .version(version)
                .filter(found -> found.model().equals(model.fullName()))
                .map(ModelsController::json)
                .orElseThrow(() -> SimulatorError.notFound("The requested version does not exist."));
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        String owner = String.valueOf(body.get("owner"));
        String name = String.valueOf(body.get("name"));
        boolean created = state.models.create(
                owner,
                name,
                String.valueOf(body.getOrDefault("visibility", "private")),
                String.valueOf(body.get("hardware")),
                state.clock.instant());
        if (!created) {
            throw new SimulatorError(409, "Conflict", "A model with that name already exists.", null);
        }
        return ResponseEntity.status(201).body(get(owner, name));
    }

    /** The model, once any training that finished since the last look has published its version. */
    private ModelRegistry.Model model(String owner, String name) {
        state.publishFinishedTrainings(owner + "/" + name);
        return state.models.model(owner + "/" + name).orElseThrow(() -> SimulatorError.notFound("Not found."));
    }

    private static Map<String, Object> json(ModelRegistry.Version version) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", version.id());
        json.put("created_at", version.createdAt().toString());
        json.put("cog_version", version.cogVersion());
        json.put("openapi_schema", version.openapiSchema());
        return json;
    }
}
