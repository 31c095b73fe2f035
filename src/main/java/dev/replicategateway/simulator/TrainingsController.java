package dev.replicategateway.simulator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Trainings: created on a trainer's version into a destination model; read, canceled and listed. */
@RestController
@RequestMapping("/simulator/v1")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class TrainingsController {

    private final SimulatorState state;
    private final JobLauncher launcher;
    private final JobPages pages;

    TrainingsController(SimulatorState state, JobLauncher launcher, JobPages pages) {
        this.state = state;
        this.launcher = launcher;
        this.pages = pages;
    }

    @PostMapping("/models/{owner}/{name}/versions/{version}/trainings")
    ResponseEntity<Map<String, Object>> create(
            @PathVariable String owner,
            @PathVariable String name,
            @PathVariable String version,
            @RequestBody Map<String, Object> body,
            HttpServletRequest request,
            HttpServletResponse response) {
        ModelRegistry.Version trainer = state.models
                .version(version)
                .filter(found -> found.model().equals(owner + "/" + name))
                .orElseThrow(() -> SimulatorError.notFound("The requested trainer version does not exist."));
        if (!trainer.openapiSchema().path("components").path("schemas").has("TrainingInput")) {
            throw SimulatorError.badRequest("The requested version does not support training.");
        }
        CreateRequest create = CreateRequest.of(body);
        if (create.destination() == null
                || state.models.model(create.destination()).isEmpty()) {
            throw SimulatorError.notFound("The destination model does not exist. Create it first.");
        }
        InputValidator.validate(trainer.openapiSchema(), "TrainingInput", create.input());
        SimulatedJob.Builder job = launcher.newJob(SimulatedJob.Kind.TRAINING, create, trainer.timing(), request)
                .model(trainer.model(), trainer.id())
                .trains(create.destination(), state.newVersion());
        return launcher.start(job, null, response);
    }

    @GetMapping("/trainings/{id}")
    Map<String, Object> get(@PathVariable String id) {
        SimulatedJob job = state.jobOrNotFound(id, SimulatedJob.Kind.TRAINING);
        Map<String, Object> json = job.toJson(state.clock.instant());
        if ("succeeded".equals(json.get("status"))) {
            state.publishTrained(job);
        }
        return json;
    }

    @PostMapping("/trainings/{id}/cancel")
    Map<String, Object> cancel(@PathVariable String id) {
        return state.cancel(state.jobOrNotFound(id, SimulatedJob.Kind.TRAINING));
    }

    @GetMapping("/trainings")
    Map<String, Object> list(
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "created_after", required = false) String createdAfter,
            @RequestParam(name = "created_before", required = false) String createdBefore) {
        return pages.page(SimulatedJob.Kind.TRAINING, cursor, createdAfter, createdBefore, "/simulator/v1/trainings");
    }
}
