package dev.replicategateway.caller;

import dev.replicategateway.common.ModelNames;
import dev.replicategateway.web.ApiProblem;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The models each caller may use ({@code gateway.callers.quotas.<name>.models}); none listed: any.
 * Matched regardless of case, as model owners are ({@code ModelOwners}): a name spelt in other
 * capitals is the same model where Replicate folds case and a 404 where it does not, never another
 * model, so refusing it only made a listed model fail for its spelling.
 */
@Component
public class ModelAllowList {

    private final CallerProperties properties;
    /** Compiled once each: the patterns come from configuration, so there are only so many. */
    private final Map<String, Pattern> globs = new ConcurrentHashMap<>();

    ModelAllowList(CallerProperties properties) {
        this.properties = properties;
    }

    /**
     * @param model a model reference as stored ({@code owner/name}, {@code owner/name:version},
     *     {@code deployments/owner/name} or a version id)
     * @throws ModelNotAllowedException when {@code caller} may not use it
     */
    public void check(String caller, String model) {
        List<String> patterns = properties.quotaOf(caller).models();
        if (patterns == null || patterns.isEmpty()) {
            return;
        }
        String name = ModelNames.withoutVersion(model);
        for (String pattern : patterns) {
            if (globs.computeIfAbsent(pattern, ModelAllowList::glob)
                    .matcher(name)
                    .matches()) {
                return;
            }
        }
        throw new ModelNotAllowedException(model);
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.trim().split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append("[^:]*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    /** A model outside the caller's allow-list: refused before anything is stored or sent. */
    public static final class ModelNotAllowedException extends ApiProblem {
        ModelNotAllowedException(String model) {
            super(
                    HttpStatus.FORBIDDEN,
                    URI.create("/problems/model-not-allowed"),
                    "Model not allowed",
                    "Your key may not use the model '" + model + "'.");
        }
    }
}
