package dev.replicategateway.simulator;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Run-time control of the simulator: faults, reset, and counts for tests and benchmarks. */
@RestController
@RequestMapping("/simulator/admin")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class SimulatorAdminController {

    private final SimulatorState state;

    SimulatorAdminController(SimulatorState state) {
        this.state = state;
    }

    @GetMapping("/faults")
    SimulatorProperties.Faults faults() {
        return state.faults.get();
    }

    @PutMapping("/faults")
    SimulatorProperties.Faults setFaults(@RequestBody SimulatorProperties.Faults faults) {
        state.faults.set(faults);
        return faults;
    }

    @PostMapping("/reset")
    Map<String, String> reset() {
        state.reset();
        state.faults.set(SimulatorProperties.Faults.NONE);
        return Map.of("status", "reset");
    }

    @GetMapping("/stats")
    Map<String, Object> stats() {
        return state.stats();
    }
}
