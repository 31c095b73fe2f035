package dev.replicategateway.callerwebhook;

import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.WorkKind;
import java.util.List;

/**
 * Renders the body of a caller webhook: the prediction or training as the API the caller used shows
 * it. Each front door provides its own ({@link #GATEWAY} for this API, {@link #REPLICATE} for the
 * compatible one).
 */
public interface WebhookBody {

    String GATEWAY = "gateway";
    String REPLICATE = "replicate";

    /** What the body is about besides the prediction: the webhook itself, as Replicate's bodies carry it. */
    record About(String url, List<String> events, String baseUrl) {}

    String format();

    boolean renders(WorkKind kind);

    /** The body as of now; links absolute on {@code about.baseUrl()}. */
    String render(Prediction prediction, About about);
}
