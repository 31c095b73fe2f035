package dev.replicategateway.webhook;

import dev.replicategateway.prediction.CreateOptionsFactory;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.replicate.CreateOptions;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The options of every create: {@code Cancel-After} always, so Replicate itself stops work that outlives
 * our deadline; and with {@code PUBLIC_BASE_URL} set, a webhook back to this service.
 */
@Component
class WebhookCreateOptions implements CreateOptionsFactory {

    private final WebhookProperties properties;

    WebhookCreateOptions(WebhookProperties properties) {
        this.properties = properties;
    }

    @Override
    public CreateOptions forCreate(Prediction prediction, Instant now) {
        CreateOptions deadline = CreateOptions.NONE.withCancelAfter(CreateOptionsFactory.remaining(prediction, now));
        if (!properties.enabled()) {
            return deadline;
        }
        return new CreateOptions(properties.webhookUrl(), properties.eventsFilter(), null, deadline.cancelAfter());
    }

    @Override
    public boolean requestsWebhooks() {
        return properties.enabled();
    }
}
