package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.support.FakeReplicate.CreateScript;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Resilience4j's usual properties must not loosen the rule that a create sent once is never sent
 * again: the service's retries are built in code, outside any registry those properties reach.
 */
@TestPropertySource(
        properties = {
            "resilience4j.retry.instances.replicate-create.max-attempts=5",
            "resilience4j.retry.instances.replicate-create.retry-exceptions=Exception",
            "resilience4j.retry.configs.default.max-attempts=5",
            "resilience4j.circuitbreaker.instances.replicate.failure-rate-threshold=100"
        })
class RetryRulesCannotBeReconfiguredTests extends LifecycleTestAccess {

    @Autowired
    ReplicateService service;

    @Test
    void aCreateAnsweredWithAServerErrorIsSentOnceWhateverTheProperties() {
        replicate.nextCreate(CreateScript.UNAVAILABLE);
        replicate.nextCreate(CreateScript.UNAVAILABLE);

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class,
                () -> service.createPrediction(
                        ModelRef.parse("black-forest-labs/flux-schnell"),
                        Map.of("prompt", "once"),
                        CreateOptions.NONE));

        assertThat(failure.requestSent()).isTrue();
        assertThat(replicate.createCalls.get()).isEqualTo(1);
    }
}
