package dev.replicategateway.quota;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.caller.CurrentCaller;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UsageController {

    private final Usage usage;
    private final CurrentCaller caller;

    UsageController(Usage usage, CurrentCaller caller) {
        this.usage = usage;
        this.caller = caller;
    }

    /**
     * The caller's own usage over the last {@code days} UTC days (today included); with a client token,
     * its end user's; with the key, one end user's when {@code user} is given.
     */
    @Operation(summary = "The caller's (or one end user's) predictions, trainings and spend by day and model")
    @GetMapping("/usage")
    UsageView usage(
            @RequestParam(defaultValue = "7") @Min(1) @Max(90) int days,
            @RequestParam(required = false) @Size(max = 200) String user) {
        Caller current = caller.get();
        return usage.of(current.name(), current.user() != null ? current.user() : user, days);
    }
}
