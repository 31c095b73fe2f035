package dev.replicategateway.compat;

import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.callerwebhook.CallerWebhookSecrets;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own webhook signing secret, which every delivery this service sends it is signed with;
 * never Replicate's secret, which signs what Replicate sends this service.
 */
@RestController
@Tag(name = "Replicate-compatible API")
class V1WebhookSecretController {

    record Secret(String key) {}

    private final CallerWebhookSecrets secrets;
    private final CurrentCaller caller;

    V1WebhookSecretController(CallerWebhookSecrets secrets, CurrentCaller caller) {
        this.secrets = secrets;
        this.caller = caller;
    }

    @Operation(summary = "The secret this service signs the caller's webhooks with (whsec_…)")
    @GetMapping("/v1/webhooks/default/secret")
    ResponseEntity<Secret> secret() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new Secret(secrets.secretOf(caller.get().name())));
    }
}
