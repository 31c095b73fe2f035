package dev.replicategateway.prediction;

import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import org.springframework.http.HttpStatus;

/** No prediction with this id belongs to the caller. */
public class PredictionNotFoundException extends ApiProblem {

    private PredictionNotFoundException(String what, String id) {
        super(
                HttpStatus.NOT_FOUND,
                ProblemTypes.NOT_FOUND,
                what + " not found",
                "No " + what.toLowerCase() + " with id '" + id + "'.");
    }

    public static PredictionNotFoundException forId(String id) {
        return new PredictionNotFoundException("Prediction", id);
    }

    public static PredictionNotFoundException forTraining(String id) {
        return new PredictionNotFoundException("Training", id);
    }
}
