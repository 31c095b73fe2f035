package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.replicate.ReplicateRetryRules.CallKind;
import java.util.Arrays;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class ReplicateEndpointTests {

    private static final HttpUrl BASE = HttpUrl.get("https://api.replicate.com/v1");

    @Test
    void onlyPredictionCreatesSpendTheCreateBudget() {
        assertThat(Arrays.stream(ReplicateEndpoint.values())
                        .filter(endpoint -> endpoint.budget == UpstreamBudget.PREDICTION_CREATES))
                .containsExactlyInAnyOrder(
                        ReplicateEndpoint.CREATE_PREDICTION,
                        ReplicateEndpoint.CREATE_MODEL_PREDICTION,
                        ReplicateEndpoint.CREATE_DEPLOYMENT_PREDICTION);
        assertThat(ReplicateEndpoint.CREATE_TRAINING.budget).isEqualTo(UpstreamBudget.EVERYTHING_ELSE);
        assertThat(ReplicateEndpoint.CANCEL_PREDICTION.budget).isEqualTo(UpstreamBudget.EVERYTHING_ELSE);
        assertThat(ReplicateEndpoint.UPLOAD_FILE.budget).isEqualTo(UpstreamBudget.EVERYTHING_ELSE);
    }

    @Test
    void everyPostThatCreatesSomethingIsACreateAndNeverRepeatedBlindly() {
        assertThat(Arrays.stream(ReplicateEndpoint.values())
                        .filter(endpoint -> endpoint.method.equals("POST") && !endpoint.path.endsWith("/cancel")))
                .allSatisfy(endpoint ->
                        assertThat(endpoint.kind).as(endpoint.label()).isEqualTo(CallKind.CREATE));
        assertThat(Arrays.stream(ReplicateEndpoint.values())
                        .filter(endpoint -> !endpoint.method.equals("POST") || endpoint.path.endsWith("/cancel")))
                .allSatisfy(endpoint ->
                        assertThat(endpoint.kind).as(endpoint.label()).isEqualTo(CallKind.SAFE));
    }

    @Test
    void pathTemplatesAreFilledInOrderAndEscaped() {
        assertThat(ReplicateEndpoint.CREATE_TRAINING
                        .url(BASE, "ostris", "flux-dev-lora-trainer", "abc")
                        .toString())
                .isEqualTo("https://api.replicate.com/v1/models/ostris/flux-dev-lora-trainer/versions/abc/trainings");
        assertThat(ReplicateEndpoint.GET_PREDICTION.url(BASE, "a/b").encodedPath())
                .isEqualTo("/v1/predictions/a%2Fb");
        assertThatThrownBy(() -> ReplicateEndpoint.GET_MODEL.url(BASE, "only-owner"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
