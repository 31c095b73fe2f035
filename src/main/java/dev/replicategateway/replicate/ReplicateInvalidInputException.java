package dev.replicategateway.replicate;

import java.util.List;
import java.util.Map;

/** 422 (or 400): Replicate rejected the input; {@link #invalidFields()} lists what it named. Not retried. */
public class ReplicateInvalidInputException extends ReplicateException {

    private final List<Map<String, Object>> invalidFields;

    public ReplicateInvalidInputException(int status, String detail, List<Map<String, Object>> invalidFields) {
        super(status, "Replicate rejected the input: " + detail, null);
        this.invalidFields = invalidFields == null ? List.of() : List.copyOf(invalidFields);
    }

    public List<Map<String, Object>> invalidFields() {
        return invalidFields;
    }
}
