package dev.replicategateway.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.callerwebhook.WebhookBody;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.WorkKind;
import org.springframework.stereotype.Component;

/** Work created through the compatible API, as Replicate's webhook bodies carry it: the object plus its webhook. */
@Component
class ReplicateWebhookBody implements WebhookBody {

    private final V1Objects objects;
    private final ObjectMapper json;

    ReplicateWebhookBody(V1Objects objects, ObjectMapper json) {
        this.objects = objects;
        this.json = json;
    }

    @Override
    public String format() {
        return REPLICATE;
    }

    @Override
    public boolean renders(WorkKind kind) {
        return true;
    }

    @Override
    public String render(Prediction prediction, About about) {
        try {
            return json.writeValueAsString(
                    objects.of(prediction, about.baseUrl()).withWebhook(about.url(), about.events()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render " + prediction.id(), e);
        }
    }
}
