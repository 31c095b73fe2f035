package dev.replicategateway.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * How long a model takes: a start-up delay, then one step at a time. The number of steps is the
 * request's {@code stepsInput} when it gives one, else {@code defaultSteps}.
 */
record ModelTiming(Duration startDelay, Duration stepTime, int defaultSteps, String stepsInput) {

    static final ModelTiming DEFAULT = of(1000, 250, 28, "num_inference_steps");

    private static final Map<String, ModelTiming> BY_MODEL = Map.of(
            "black-forest-labs/flux-schnell", of(500, 300, 4, "num_inference_steps"),
            "stability-ai/sdxl", of(1500, 120, 25, "num_inference_steps"),
            "ostris/flux-dev-lora-trainer", of(3000, 50, 1000, "steps"));

    static ModelTiming of(String model) {
        return BY_MODEL.getOrDefault(model, DEFAULT);
    }

    private static ModelTiming of(long startMillis, long stepMillis, int steps, String stepsInput) {
        return new ModelTiming(Duration.ofMillis(startMillis), Duration.ofMillis(stepMillis), steps, stepsInput);
    }

    int steps(Map<String, Object> input) {
        return input.get(stepsInput) instanceof Number n ? n.intValue() : defaultSteps;
    }

    ModelTiming scaledBy(double timeScale) {
        return new ModelTiming(scale(startDelay, timeScale), scale(stepTime, timeScale), defaultSteps, stepsInput);
    }

    private static Duration scale(Duration duration, double timeScale) {
        return Duration.ofNanos((long) (duration.toNanos() * timeScale));
    }
}
