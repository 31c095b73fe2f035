package dev.replicategateway.simulator;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The secret the simulator signs its webhooks with, served as Replicate serves the account's default one. */
@RestController
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class WebhookSecretController {

    private final String secret;

    WebhookSecretController(SimulatorProperties properties) {
        this.secret = properties.webhookSecret();
    }

    @GetMapping("/simulator/v1/webhooks/default/secret")
    Map<String, String> webhookSecret() {
        return Map.of("key", secret);
    }
}
