package dev.replicategateway.generation;

import static dev.replicategateway.common.ModelNames.withoutVersion;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.caller.ModelAllowList;
import dev.replicategateway.catalog.ModelCatalog;
import dev.replicategateway.catalog.ModelVisibility;
import dev.replicategateway.catalog.ResolvedModel;
import dev.replicategateway.common.OptionalBean;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Whether a caller may use a model, the same on every door: its allow-list, and the models other callers
 * trained here. Checked before the model is resolved, so a model the caller may not use costs no call
 * to Replicate and shows nothing of its schema; and once more after, when resolving named a model the
 * reference did not (a bare version id, a deployment).
 */
@Component
public class ModelUse implements ModelVisibility {

    private final ModelCatalog catalog;
    private final ModelAllowList allowList;
    private final CurrentCaller currentCaller;
    private final OptionalBean<TrainedModels> trainedModels;

    ModelUse(
            ModelCatalog catalog,
            ModelAllowList allowList,
            CurrentCaller currentCaller,
            ObjectProvider<TrainedModels> trainedModels) {
        this.catalog = catalog;
        this.allowList = allowList;
        this.currentCaller = currentCaller;
        this.trainedModels = OptionalBean.of(trainedModels);
    }

    /**
     * @param requested an alias, {@code owner/name}, {@code owner/name:version}, a version id or
     *     {@code deployments/owner/name}
     * @throws dev.replicategateway.web.ApiProblem when {@code caller} may not use it
     */
    public void checkBeforeResolving(Caller caller, String requested) {
        String reference = catalog.referenceOf(requested);
        allowList.check(caller.name(), reference);
        TrainedModels trained = trainedModels.get();
        if (trained != null) {
            trained.checkMayUse(caller, reference);
        }
    }

    /**
     * @param weights the models ({@code owner/name}) the request's LoRA inputs run the weights of
     * @throws dev.replicategateway.web.ApiProblem when {@code caller} may not use the resolved model or
     *     one of {@code weights}
     */
    public void checkResolved(Caller caller, String requested, ResolvedModel model, List<String> weights) {
        TrainedModels trained = trainedModels.get();
        if (trained == null) {
            return;
        }
        if (!model.name().equals(withoutVersion(catalog.referenceOf(requested)))) {
            trained.checkMayUse(caller, model.name());
        }
        weights.forEach(named -> trained.checkMayUse(caller, named));
    }

    /** Reading is refused for another caller's trained models only: an allow-list limits spending. */
    @Override
    public void checkMayRead(String model) {
        TrainedModels trained = trainedModels.get();
        if (trained != null) {
            trained.checkMayUse(currentCaller.get(), model);
        }
    }
}
