package dev.replicategateway.simulator;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves simulated outputs, as replicate.delivery serves real ones: images rendered on request, no storage. */
@RestController
@RequestMapping("/simulator/delivery")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class SimulatorDeliveryController {

    private final SimulatorState state;
    private final Duration deliveryDelay;
    private final int imageLongSide;

    SimulatorDeliveryController(SimulatorState state, SimulatorProperties properties) {
        this.state = state;
        this.deliveryDelay = properties.deliveryDelay();
        this.imageLongSide = properties.imageLongSide();
    }

    @GetMapping("/{id}/out-{index}.{extension}")
    ResponseEntity<byte[]> output(@PathVariable String id, @PathVariable int index, @PathVariable String extension)
            throws InterruptedException {
        SimulatedJob job = state.jobs.get(id);
        Instant now = state.clock.instant();
        SimulatedJob.State at = job == null ? null : job.at(now);
        if (job == null
                || job.kind != SimulatedJob.Kind.PREDICTION
                || !"succeeded".equals(at.status())
                || job.dataRemoved(at, now)
                || !job.outputs.lists(index, extension)) {
            return ResponseEntity.notFound().build();
        }
        if (!deliveryDelay.isZero()) {
            Thread.sleep(deliveryDelay.toMillis());
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(SimulatedImages.contentType(extension)))
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
                .body(SimulatedImages.render(job.input, index, extension, imageLongSide));
    }

    @GetMapping("/{id}/weights.tar")
    ResponseEntity<byte[]> weights(@PathVariable String id) {
        SimulatedJob job = state.jobs.get(id);
        if (job == null || job.kind != SimulatedJob.Kind.TRAINING) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(("simulated weights of " + id).getBytes());
    }
}
