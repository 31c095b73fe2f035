package dev.replicategateway.generation;

import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.caller.SignedLinks;
import dev.replicategateway.prediction.IdempotencyKey;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
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
            description = "Checks the request against the model's own schema, stores it and answers 202 at once with "
                    + "our prediction id; follow it at /predictions/{id}. Idempotency-Key makes retries safe: the same "
                    + "key and body return the same prediction, another body gets 422. A request whose result is "
                    + "already kept (same model version and input, seed included) is answered from it at no cost, "
                    + "unless it says Cache-Control: no-cache.")
    @PostMapping(path = "/generate", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AcceptedView> generate(
            @RequestBody GenerateRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey,
            @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) String cacheControl)
            throws IOException {
        return accepted(generation.generate(caller.get(), request, List.of(), idempotencyKey, noCache(cacheControl)));
    }

    /** The same request as the JSON part {@code request}, with input images as file parts {@code images}. */
    @Operation(summary = "Accept one image generation with uploaded input images (multipart)")
    @PostMapping(path = "/generate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<AcceptedView> generateWithImages(
            @RequestPart("request") GenerateRequest request,
            @RequestPart(name = "images", required = false) List<MultipartFile> images,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey,
            @RequestHeader(name = HttpHeaders.CACHE_CONTROL, required = false) String cacheControl)
            throws IOException {
        List<GenerationService.Upload> files = new ArrayList<>();
        for (MultipartFile image : images == null ? List.<MultipartFile>of() : images) {
            files.add(new GenerationService.Upload(image.getOriginalFilename(), image.getInputStream()));
        }
        return accepted(generation.generate(caller.get(), request, files, idempotencyKey, noCache(cacheControl)));
    }

    private ResponseEntity<AcceptedView> accepted(PredictionIntake.Accepted accepted) {
        AcceptedView view = accepted(accepted.predictions().get(0));
        return ResponseEntity.accepted()
                .location(URI.create(view.links().get("self")))
                .header(IdempotencyKey.REPLAYED, String.valueOf(accepted.replayed()))
                .body(view);
    }

    private static boolean noCache(String cacheControl) {
        return cacheControl != null && cacheControl.toLowerCase(Locale.ROOT).contains("no-cache");
    }

    @Operation(summary = "Accept several generations at once (up to 20)")
    @PostMapping("/generate/batch")
    ResponseEntity<BatchAcceptedView> generateBatch(
            @RequestBody BatchGenerateRequest batch,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        PredictionIntake.Accepted accepted = generation.generateBatch(caller.get(), batch, idempotencyKey);
        return ResponseEntity.accepted()
                .header(IdempotencyKey.REPLAYED, String.valueOf(accepted.replayed()))
                .body(new BatchAcceptedView(
                        accepted.predictions().stream().map(this::accepted).toList()));
    }
}
