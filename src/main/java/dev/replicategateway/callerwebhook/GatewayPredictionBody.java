package dev.replicategateway.callerwebhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.caller.SignedLinks;
import dev.replicategateway.common.OptionalBean;
import dev.replicategateway.prediction.KeptOutputs;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionView;
import dev.replicategateway.prediction.WorkKind;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** A prediction made through {@code /generate}, as {@code GET /predictions/{id}} shows it. */
@Component
class GatewayPredictionBody implements WebhookBody {

    private final OptionalBean<KeptOutputs> keptOutputs;
    private final SignedLinks links;
    private final ObjectMapper json;

    GatewayPredictionBody(ObjectProvider<KeptOutputs> keptOutputs, SignedLinks links, ObjectMapper json) {
        this.keptOutputs = OptionalBean.of(keptOutputs);
        this.links = links;
        this.json = json;
    }

    @Override
    public String format() {
        return GATEWAY;
    }

    @Override
    public boolean renders(WorkKind kind) {
        return kind == WorkKind.PREDICTION;
    }

    @Override
    public String render(Prediction prediction, About about) {
        KeptOutputs kept = keptOutputs.get();
        PredictionView view = PredictionView.of(
                prediction,
                kept == null ? null : kept.of(prediction),
                links.events(prediction.id(), prediction.owner()));
        try {
            return json.writeValueAsString(view.withBase(about.baseUrl()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render " + prediction.id(), e);
        }
    }
}
