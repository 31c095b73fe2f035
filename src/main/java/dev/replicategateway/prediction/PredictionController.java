package dev.replicategateway.prediction;

import dev.replicategateway.caller.CurrentCaller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/predictions")
@Validated
class PredictionController {

    static final String ID = "[A-Za-z0-9_-]{1,64}";

    private final PredictionQueries queries;
    private final CurrentCaller caller;

    PredictionController(PredictionQueries queries, CurrentCaller caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @Operation(summary = "A prediction, answered from the store (never a call to Replicate)")
    @GetMapping("/{id}")
    PredictionView get(@PathVariable String id) {
        return PredictionView.of(find(id));
    }

    @Operation(summary = "The caller's predictions, newest first, in cursor pages")
    @GetMapping
    PredictionPageView list(
            @RequestParam(required = false) PredictionStatus status,
            @RequestParam(required = false) @Size(max = 300) String model,
            @RequestParam(required = false) @Size(max = 200) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        var page = queries.page(caller.owner(), Prediction.KIND_PREDICTION, status, model, cursor, limit);
        return new PredictionPageView(
                page.rows().stream().map(PredictionView::of).toList(), page.nextCursor());
    }

    @Operation(summary = "Ask for a cancel; 409 when already final")
    @PostMapping("/{id}/cancel")
    ResponseEntity<PredictionView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(PredictionView.of(queries.requestCancel(find(id))));
    }

    private Prediction find(String id) {
        if (!id.matches(ID)) {
            throw PredictionNotFoundException.forId(id);
        }
        return queries.find(caller.owner(), Prediction.KIND_PREDICTION, id)
                .orElseThrow(() -> PredictionNotFoundException.forId(id));
    }
}
