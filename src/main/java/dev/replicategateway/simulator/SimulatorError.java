package dev.replicategateway.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
