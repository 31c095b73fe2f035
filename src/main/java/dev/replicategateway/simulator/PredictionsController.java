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
        SimulatorState.Model model = state.models.get(owner + "/" + name);
        if (model == null || model.latestVersion() == null) {
            throw SimulatorError.notFound("The requested model does not exist or has no version.");
        }
        return create(
                owner + "/" + name,
                model.latestVersion(),
                CreateRequest.of(body),
                prefer,
                cancelAfter,
                request,
                response);
    }

    @PostMapping("/predictions")
    ResponseEntity<Map<String, Object>> createOnVersion(
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        CreateRequest create = CreateRequest.of(body);
        String model = create.version() == null ? null : state.modelOfVersion.get(create.version());
        if (model == null) {
            throw SimulatorError.notFound("The requested version does not exist.");
        }
        return create(model, create.version(), create, prefer, cancelAfter, request, response);
    }

    @PostMapping("/deployments/{owner}/{name}/predictions")
    ResponseEntity<Map<String, Object>> createOnDeployment(
            @PathVariable String owner,
            @PathVariable String name,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        return create(owner + "/" + name, "deployment", CreateRequest.of(body), prefer, cancelAfter, request, response);
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
    Map<String, Object> list(@RequestParam(required = false) String cursor) {
        return pages.page(SimulatedJob.Kind.PREDICTION, cursor, "/simulator/v1/predictions");
    }

    private ResponseEntity<Map<String, Object>> create(
            String model,
            String version,
            CreateRequest create,
            String prefer,
            String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        InputValidator.validate(model, create.input());
        SimulatedJob.Builder job = launcher.newJob(SimulatedJob.Kind.PREDICTION, create, ModelTiming.of(model), request)
                .model(model, version)
                .cancelAfter(JobLauncher.cancelAfter(cancelAfter));
        return launcher.start(job, prefer, response);
    }
}
