package dev.replicategateway.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * How long a model takes: a start-up delay, then one step at a time. The number of steps is the
 * request's {@code stepsInput} when it gives one, else {@code defaultSteps}. Figures are unscaled
 * (multiplied by {@code replicate.simulator.time-scale} when a job starts) and roughly those of the
 * real models: a few seconds for an image, about a minute for a 1000-step training.
 */
record ModelTiming(Duration startDelay, Duration stepTime, int defaultSteps, String stepsInput) {

    static final ModelTiming DEFAULT = of(1000, 250, 28, "num_inference_steps");

    /** A model a Flux LoRA trainer published: Flux Dev with a LoRA. */
    static final ModelTiming TRAINED_LORA = of(1200, 250, 28, "num_inference_steps");

    private static final Map<String, ModelTiming> BY_MODEL = Map.ofEntries(
            Map.entry("black-forest-labs/flux-schnell", of(500, 300, 4, "num_inference_steps")),
            Map.entry("black-forest-labs/flux-dev", of(1000, 250, 28, "num_inference_steps")),
            Map.entry("black-forest-labs/flux-dev-lora", of(1200, 250, 28, "num_inference_steps")),
            // The pro and editing models take no step count: a fixed run of a few seconds.
            Map.entry("black-forest-labs/flux-1.1-pro", of(1000, 250, 12, null)),
            Map.entry("black-forest-labs/flux-kontext-pro", of(1500, 250, 16, null)),
            Map.entry("black-forest-labs/flux-2-pro", of(2000, 250, 20, null)),
            Map.entry("black-forest-labs/flux-2-dev", of(1500, 250, 24, null)),
            Map.entry("stability-ai/sdxl", of(1500, 60, 50, "num_inference_steps")),
            Map.entry("google/imagen-4", of(2000, 200, 15, null)),
            Map.entry("bytedance/seedream-4", of(2000, 300, 20, null)),
            Map.entry("google/nano-banana", of(1500, 200, 15, null)),
            Map.entry("ideogram-ai/ideogram-v3-turbo", of(1000, 200, 10, null)),
            Map.entry("recraft-ai/recraft-v3", of(1500, 250, 12, null)),
            Map.entry("ostris/flux-dev-lora-trainer", of(3000, 50, 1000, "steps")),
            Map.entry("replicate/fast-flux-trainer", of(3000, 30, 1000, "training_steps")));

    static ModelTiming of(String model) {
        return BY_MODEL.getOrDefault(model, DEFAULT);
    }

    private static ModelTiming of(long startMillis, long stepMillis, int steps, String stepsInput) {
        return new ModelTiming(Duration.ofMillis(startMillis), Duration.ofMillis(stepMillis), steps, stepsInput);
    }

    int steps(Map<String, Object> input) {
        return stepsInput != null && input.get(stepsInput) instanceof Number n ? n.intValue() : defaultSteps;
    }

    ModelTiming scaledBy(double timeScale) {
        return new ModelTiming(scale(startDelay, timeScale), scale(stepTime, timeScale), defaultSteps, stepsInput);
    }

    private static Duration scale(Duration duration, double timeScale) {
        return Duration.ofNanos((long) (duration.toNanos() * timeScale));
    }
}
