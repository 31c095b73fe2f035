package dev.replicategateway.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.common.OptionalBean;
import dev.replicategateway.prediction.KeptOutputs;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.prediction.PredictionView;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.training.Trainings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Stored work as Replicate's API shows it, with every URL absolute on the base the caller reached. */
@Component
class V1Objects {

    private final OptionalBean<KeptOutputs> keptOutputs;
    private final Trainings trainings;
    private final ObjectMapper json;

    V1Objects(ObjectProvider<KeptOutputs> keptOutputs, Trainings trainings, ObjectMapper json) {
        this.keptOutputs = OptionalBean.of(keptOutputs);
        this.trainings = trainings;
        this.json = json;
    }

    V1Prediction of(Prediction p, String base) {
        boolean training = p.kind() == WorkKind.TRAINING;
        String self = base + (training ? "/v1/trainings/" : "/v1/predictions/") + p.id();
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("get", self);
        urls.put("cancel", self + "/cancel");
        String model = null;
        String version = null;
        String deployment = null;
        ModelRef ref = ModelRef.parse(p.model());
        if (ref instanceof ModelRef.OfficialModel official) {
            model = official.canonical();
        } else if (ref instanceof ModelRef.ModelVersion pinned) {
            model = pinned.owner() == null ? null : pinned.owner() + "/" + pinned.name();
            version = pinned.versionId();
        } else if (ref instanceof ModelRef.Deployment named) {
            deployment = named.owner() + "/" + named.name();
        }
        return new V1Prediction(
                p.id(),
                model,
                version,
                training ? trainings.destinationOf(p.id()).orElse(null) : null,
                deployment,
                p.input(),
                PredictionView.logsTail(p.logs()),
                output(p, base),
                false,
                p.error(),
                status(p.status()),
                "api",
                p.createdAt(),
                p.startedAt(),
                p.completedAt(),
                urls,
                p.metrics(),
                null,
                null);
    }

    /** Queued here is, for Replicate's clients, a prediction that has not started yet. */
    static String status(PredictionStatus status) {
        return status == PredictionStatus.QUEUED ? "starting" : status.wireName();
    }

    /**
     * The output in the model's own shape (one URL, a list, an object); once kept, this service's own
     * signed URLs in place of Replicate's, which expire after an hour.
     */
    private Object output(Prediction p, String base) {
        JsonNode raw = p.output();
        if (raw == null || raw.isNull()) {
            return null;
        }
        KeptOutputs kept = keptOutputs.get();
        KeptOutputs.Status status = kept == null ? null : kept.of(p);
        if (status != null && status.persisted() && !status.urls().isEmpty() && (raw.isTextual() || raw.isArray())) {
            List<String> urls = status.urls().stream()
                    .map(url -> url.startsWith("/") ? base + url : url)
                    .toList();
            return raw.isTextual() ? urls.get(0) : urls;
        }
        return json.convertValue(raw, Object.class);
    }
}
