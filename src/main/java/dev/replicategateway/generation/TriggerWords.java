package dev.replicategateway.generation;

import java.util.Optional;

/** Trigger words of models this service trained, so a LoRA request need not repeat them. */
@FunctionalInterface
public interface TriggerWords {

    /** The trigger word of {@code model} ({@code owner/name} or {@code owner/name:version}), if known. */
    Optional<String> of(String model);
}
