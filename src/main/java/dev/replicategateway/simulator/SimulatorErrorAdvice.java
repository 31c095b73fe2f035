package dev.replicategateway.simulator;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers the simulator's own errors in Replicate's shape, ahead of the product's advice and for its controllers only. */
@RestControllerAdvice(basePackageClasses = SimulatorErrorAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class SimulatorErrorAdvice {

    @ExceptionHandler(SimulatorError.class)
    ResponseEntity<Map<String, Object>> error(SimulatorError error) {
        return ResponseEntity.status(error.status).body(error.body());
    }
}
