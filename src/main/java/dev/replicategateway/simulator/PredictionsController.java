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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Predictions: created by model, version or deployment; read, canceled and listed. */
@RestController
@RequestMapping("/simulator/v1")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class PredictionsController {

    private final SimulatorState state;
    private final JobLauncher launcher;
    private final JobPages pages;

    PredictionsController(SimulatorState state, JobLauncher launcher, JobPages pages) {
        this.state = state;
        this.launcher = launcher;
        this.pages = pages;
    }

    @PostMapping("/models/{owner}/{name}/predictions")
    ResponseEntity<Map<String, Object>> createOnModel(
            @PathVariable String owner,
            @PathVariable String name,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        ModelRegistry.Version version = state.models
                .latestOf(owner + "/" + name)
                .orElseThrow(() -> SimulatorError.notFound("The requested model does not exist or has no version."));
        return create(version, CreateRequest.of(body), prefer, cancelAfter, request, response);
    }

    @PostMapping("/predictions")
    ResponseEntity<Map<String, Object>> createOnVersion(
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        CreateRequest create = CreateRequest.of(body);
        ModelRegistry.Version version = state.models
                .version(create.version())
                .orElseThrow(() -> SimulatorError.notFound("The requested version does not exist."));
        return create(version, create, prefer, cancelAfter, request, response);
    }

    /** A deployment runs the model version of its current release. */
    @PostMapping("/deployments/{owner}/{name}/predictions")
    ResponseEntity<Map<String, Object>> createOnDeployment(
            @PathVariable String owner,
            @PathVariable String name,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        ModelRegistry.Version version = state.models
                .deployment(owner, name)
                .flatMap(deployment ->
                        state.models.version(deployment.currentRelease().version()))
                .orElseThrow(() -> SimulatorError.notFound("The requested deployment does not exist."));
        return create(version, CreateRequest.of(body), prefer, cancelAfter, request, response);
    }

    @GetMapping("/predictions/{id}")
    Map<String, Object> get(@PathVariable String id) {
        return state.jobOrNotFound(id, SimulatedJob.Kind.PREDICTION).toJson(state.clock.instant());
    }

    @PostMapping("/predictions/{id}/cancel")
    Map<String, Object> cancel(@PathVariable String id) {
        return state.cancel(state.jobOrNotFound(id, SimulatedJob.Kind.PREDICTION));
    }

    @GetMapping("/predictions")
    Map<String, Object> list(
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "created_after", required = false) String createdAfter,
            @RequestParam(name = "created_before", required = false) String createdBefore) {
        return pages.page(
                SimulatedJob.Kind.PREDICTION, cursor, createdAfter, createdBefore, "/simulator/v1/predictions");
    }

    private ResponseEntity<Map<String, Object>> create(
            ModelRegistry.Version version,
            CreateRequest create,
            String prefer,
            String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        InputValidator.validate(version.openapiSchema(), "Input", create.input());
        SimulatedJob.Builder job = launcher.newJob(SimulatedJob.Kind.PREDICTION, create, version.timing(), request)
                .model(version.model(), version.id())
                .outputs(OutputPlan.of(version.openapiSchema(), create.input(), version.naturalFormat()))
                .cancelAfter(JobLauncher.cancelAfter(cancelAfter));
        return launcher.start(job, prefer, response);
    }
}
