package dev.replicategateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.replicategateway.prediction.LifecycleTestAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** Admission cannot be raced: however many requests arrive at once, a quota lets exactly its number through. */
@TestPropertySource(
        properties = {
            "gateway.callers.api-keys=racer:racer-key-0123456789",
            "gateway.callers.quotas.racer.predictions-per-day=50",
            "gateway.callers.quotas.racer.requests-per-minute=100000"
        })
abstract class QuotaRaceContract extends LifecycleTestAccess {

    @Test
    void tenParallelBatchesOfTwentyAgainstAQuotaOfFiftyAdmitExactlyFifty() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(10);
        List<Callable<Integer>> batches = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            int b = batch;
            batches.add(() -> {
                int accepted = 0;
                for (int i = 0; i < 20; i++) {
                    int status = mvc.perform(post("/generate")
                                    .header("Authorization", "Bearer racer-key-0123456789")
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content("{\"prompt\":\"race " + b + "-" + i + "\",\"model\":\"flux-schnell\"}"))
                            .andReturn()
                            .getResponse()
                            .getStatus();
                    assertThat(status).isIn(202, 429);
                    accepted += status == 202 ? 1 : 0;
                }
                return accepted;
            });
        }
        int accepted = 0;
        try {
            for (Future<Integer> batch : threads.invokeAll(batches)) {
                accepted += batch.get();
            }
        } finally {
            threads.shutdown();
        }

        assertThat(accepted).isEqualTo(50);
        assertThat(jdbc.sql("select count(*) from predictions where owner = 'racer'")
                        .query(Long.class)
                        .single())
                .isEqualTo(50);
    }
}
