package dev.replicategateway.quota;

import dev.replicategateway.caller.CurrentCaller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
class UsageController {

    private final Usage usage;
    private final CurrentCaller caller;

    UsageController(Usage usage, CurrentCaller caller) {
        this.usage = usage;
        this.caller = caller;
    }

    /** The caller's own usage over the last {@code days} UTC days (today included). */
    @Operation(summary = "The caller's predictions, trainings and estimated spend by day and model")
    @GetMapping("/usage")
    UsageView usage(@RequestParam(defaultValue = "7") @Min(1) @Max(90) int days) {
        return usage.of(caller.owner(), days);
    }
}
