package dev.replicategateway.webhook;

import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import java.net.URI;
import org.springframework.http.HttpStatus;

/** A webhook that is not verifiably from Replicate, or that cannot be handled now. */
class WebhookRejectedException extends ApiProblem {

    static final URI BAD_SIGNATURE = URI.create("/problems/webhook-signature");

    private WebhookRejectedException(HttpStatus status, URI type, String title, String detail) {
        super(status, type, title, detail);
    }

    static WebhookRejectedException unverified(WebhookSignature.Verdict verdict) {
        return new WebhookRejectedException(
                HttpStatus.UNAUTHORIZED,
                BAD_SIGNATURE,
                "Webhook not verified",
                "The webhook failed verification: "
                        + verdict.name().toLowerCase().replace('_', ' ') + ".");
    }

    static WebhookRejectedException malformed() {
        return new WebhookRejectedException(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.MALFORMED_BODY,
                "Malformed webhook",
                "The webhook body is not a Replicate prediction or training.");
    }

    static WebhookRejectedException secretUnavailable() {
        return new WebhookRejectedException(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.UPSTREAM_ERROR,
                "Cannot verify webhooks now",
                "The signing secret could not be fetched from Replicate; deliver again later.");
    }
}
