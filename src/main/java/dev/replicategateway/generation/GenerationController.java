package dev.replicategateway.generation;

import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.caller.SignedLinks;
import dev.replicategateway.prediction.IdempotencyKey;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class GenerationController {

    private final GenerationService generation;
    private final CurrentCaller caller;
    private final SignedLinks links;

    GenerationController(GenerationService generation, CurrentCaller caller, SignedLinks links) {
        this.generation = generation;
        this.caller = caller;
        this.links = links;
    }

    private AcceptedView accepted(Prediction prediction) {
        return AcceptedView.of(prediction, links.events(prediction.id(), prediction.owner()));
    }

    @Operation(
            summary = "Accept one image generation",
            description =
                    "Stores the request and answers 202 at once with our prediction id; follow it at /predictions/{id}. Idempotency-Key makes retries safe: the same key and body return the same prediction, another body gets 422.")
    @PostMapping("/generate")
    ResponseEntity<AcceptedView> generate(
            @Valid @RequestBody GenerateRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        PredictionIntake.Accepted accepted = generation.generate(caller.get(), request, idempotencyKey);
        AcceptedView view = accepted(accepted.predictions().get(0));
        return ResponseEntity.accepted()
                .location(URI.create(view.links().get("self")))
                .header(IdempotencyKey.REPLAYED, String.valueOf(accepted.replayed()))
                .body(view);
    }

    @Operation(summary = "Accept several generations at once (up to 20)")
    @PostMapping("/generate/batch")
    ResponseEntity<BatchAcceptedView> generateBatch(
            @Valid @RequestBody BatchGenerateRequest batch,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        PredictionIntake.Accepted accepted = generation.generateBatch(caller.get(), batch, idempotencyKey);
        return ResponseEntity.accepted()
                .header(IdempotencyKey.REPLAYED, String.valueOf(accepted.replayed()))
                .body(new BatchAcceptedView(
                        accepted.predictions().stream().map(this::accepted).toList()));
    }
}
