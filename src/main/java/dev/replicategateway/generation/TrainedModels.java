package dev.replicategateway.generation;

import dev.replicategateway.caller.Caller;
import java.util.Optional;

/** Models this service trained, which belong to the caller that trained them. */
public interface TrainedModels {

    /**
     * The trigger word {@code caller}'s model was trained with ({@code owner/name} or
     * {@code owner/name:version}), if {@code caller} trained it.
     */
    Optional<String> triggerWord(Caller caller, String model);

    /** @throws dev.replicategateway.web.ApiProblem when the model holds weights another caller trained here */
    void checkMayUse(Caller caller, String model);
}
