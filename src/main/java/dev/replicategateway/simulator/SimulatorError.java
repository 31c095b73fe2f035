package dev.replicategateway.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An error answered the way Replicate answers it: {@code {"title","detail","status"}} (plus invalid_fields). */
final class SimulatorError extends RuntimeException {

    final int status;
    final String title;
    final List<Map<String, Object>> invalidFields;

    SimulatorError(int status, String title, String detail, List<Map<String, Object>> invalidFields) {
        super(detail);
        this.status = status;
        this.title = title;
        this.invalidFields = invalidFields;
    }

    static SimulatorError notFound(String detail) {
        return new SimulatorError(404, "Not found", detail, null);
    }

    static SimulatorError badRequest(String detail) {
        return new SimulatorError(400, "Bad request", detail, null);
    }

    /** 422 with one line of detail per field, {@code - input.num_outputs: Must be less than or equal to 4}. */
    static SimulatorError invalidInput(List<InputValidator.InvalidField> fields) {
        String detail = fields.stream()
                .map(field -> "- " + field.field() + ": " + field.description() + "\n")
                .collect(Collectors.joining());
        List<Map<String, Object>> json = fields.stream()
                .map(field -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("type", field.type());
                    entry.put("field", field.field());
                    entry.put("description", field.description());
                    return entry;
                })
                .toList();
        return new SimulatorError(422, "Input validation failed", detail, json);
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("detail", getMessage());
        body.put("status", status);
        if (invalidFields != null) {
            body.put("invalid_fields", invalidFields);
        }
        return body;
    }
}
