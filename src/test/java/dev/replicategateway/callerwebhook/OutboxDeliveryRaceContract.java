package dev.replicategateway.callerwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicategateway.prediction.KeptOutputs;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.prediction.PredictionQueries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Two instances on one store deliver the outbox together: every event reaches its receiver exactly once.
 * The second instance is a second deliverer over the same store, as another JVM's would be.
 */
@TestPropertySource(properties = "gateway.caller-webhooks.workers=4")
abstract class OutboxDeliveryRaceContract extends LifecycleTestAccess {

    private static final int EVENTS = 60;

    @Autowired
    OutboxDeliverer one;

    @Autowired
    Outbox outbox;

    @Autowired
    WebhookSubscriptions subscriptions;

    @Autowired
    CallerWebhookSecrets secrets;

    @Autowired
    PredictionQueries queries;

    @Autowired
    List<WebhookBody> bodies;

    @Autowired
    ObjectProvider<KeptOutputs> keptOutputs;

    @Autowired
    CallerWebhookProperties properties;

    @Autowired
    WebhookTargets targets;

    @Test
    void twoInstancesDeliveringAtOnceSendEachEventExactlyOnce() throws Exception {
        jdbc.sql("delete from webhook_outbox").update();
        jdbc.sql("delete from caller_webhooks").update();
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    received.computeIfAbsent(request.getHeaders().get("webhook-id"), id -> new AtomicInteger())
                            .incrementAndGet();
                    return new MockResponse.Builder().code(200).build();
                }
            });
            receiver.start(0);
            Set<String> ids = ConcurrentHashMap.newKeySet();
            Instant now = clock.instant();
            for (int i = 0; i < EVENTS; i++) {
                String prediction = generate("{\"prompt\":\"race " + i + "\",\"model\":\"flux-schnell\"}");
                WebhookSubscription subscription = new WebhookSubscription(
                        prediction,
                        "anonymous",
                        receiver.url("/hook").toString(),
                        WebhookEvent.parse(null),
                        WebhookBody.GATEWAY,
                        "http://localhost",
                        false,
                        null);
                subscriptions.insert(subscription);
                String id = OutboxIds.messageId();
                outbox.enqueue(id, subscription, WebhookEvent.COMPLETED, now, now);
                ids.add(id);
            }
            OutboxDeliverer two = new OutboxDeliverer(
                    outbox,
                    subscriptions,
                    secrets,
                    queries,
                    bodies,
                    keptOutputs,
                    properties,
                    targets,
                    new SimpleMeterRegistry(),
                    clock);
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 30 && outbox.count(OutboxEntry.State.PENDING) > 0; round++) {
                    List<Callable<Integer>> both = List.of(one::deliverDue, two::deliverDue);
                    instances.invokeAll(both);
                    // A delivery that failed on the way (a reset connection) is due again a little later.
                    clock.advance(Duration.ofMinutes(1));
                }
            } finally {
                instances.shutdown();
                two.close();
            }
            assertThat(received.keySet()).isEqualTo(ids);
            assertThat(received.values()).allSatisfy(count -> assertThat(count).hasValue(1));
            assertThat(outbox.count(OutboxEntry.State.DELIVERED)).isEqualTo(EVENTS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
