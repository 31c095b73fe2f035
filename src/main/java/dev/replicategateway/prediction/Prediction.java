package dev.replicategateway.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A stored prediction (or training): what was asked, what Replicate said, and the lifecycle
 * bookkeeping. Changed copies are made with {@link #toBuilder()}, so a new field is added in this file
 * only (which is why it is long: one builder setter per field).
 *
 * @param id the service's own id, {@code gw_…}
 * @param owner the caller whose work it is
 * @param user the caller's end user it was made for (through a client token), or null
 * @param model the model reference as sent (official model, version or deployment)
 * @param input the input exactly as sent to Replicate
 * @param estimatedCost US$ it was expected to cost when accepted (what spend budgets count until it ends)
 * @param cost US$ it cost, once final
 * @param inputHash what identifies its result: SHA-256 of the version and the whole input (with a seed)
 * @param cachedFrom the earlier prediction whose kept result answered it, with no call to Replicate
 * @param callerWebhook whether its caller asked for webhooks about it; null on a row written before the
 *     store recorded it (or by an instance that does not yet), which is looked up as before
 * @param replicateId Replicate's id, once created there
 * @param progress 0–1 from the logs' progress bars, null while unknown
 * @param logs a bounded tail
 * @param outcomeUnknown a create was sent whose answer never came: reconcile before creating again
 * @param nextAttemptAt when the submitter or poller looks at it next
 * @param updatedAt also the version of the row for compare-and-set updates
 */
public record Prediction(
        String id,
        String owner,
        String user,
        WorkKind kind,
        PredictionStatus status,
        String model,
        Map<String, Object> input,
        Double estimatedCost,
        Double cost,
        String inputHash,
        String cachedFrom,
        Boolean callerWebhook,
        String replicateId,
        Double progress,
        String logs,
        JsonNode output,
        String error,
        Map<String, Object> metrics,
        boolean cancelRequested,
        boolean outcomeUnknown,
        int submitAttempts,
        Instant submitSentAt,
        int pollCount,
        Instant nextAttemptAt,
        Instant deadlineAt,
        Instant createdAt,
        Instant submittedAt,
        Instant startedAt,
        Instant completedAt,
        Instant updatedAt) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Whether {@code id} has the shape of this service's ids: what a path must carry before the store is asked. */
    public static boolean isWellFormedId(String id) {
        return ID.matcher(id).matches();
    }

    /** A prediction just accepted: queued, due at once, not yet known to Replicate. */
    public static Builder queued(String id, WorkKind kind, String model, Map<String, Object> input, Instant now) {
        return new Builder()
                .id(id)
                .kind(kind)
                .status(PredictionStatus.QUEUED)
                .model(model)
                .input(input)
                .nextAttemptAt(now)
                .createdAt(now)
                .updatedAt(now);
    }

    /** False only when it was accepted without a caller webhook; a row that does not say may have one. */
    public boolean mayHaveCallerWebhook() {
        return !Boolean.FALSE.equals(callerWebhook);
    }

    /** Seconds of billed compute Replicate reported ({@code metrics.predict_time}), or null. */
    public Double predictTime() {
        return predictTime(metrics);
    }

    /** {@code predict_time} of a metrics object as Replicate reports it, or null. */
    public static Double predictTime(Map<String, Object> metrics) {
        Object value = metrics == null ? null : metrics.get("predict_time");
        return value instanceof Number number ? number.doubleValue() : null;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.id = id;
        builder.owner = owner;
        builder.user = user;
        builder.kind = kind;
        builder.status = status;
        builder.model = model;
        builder.input = input;
        builder.estimatedCost = estimatedCost;
        builder.cost = cost;
        builder.inputHash = inputHash;
        builder.cachedFrom = cachedFrom;
        builder.callerWebhook = callerWebhook;
        builder.replicateId = replicateId;
        builder.progress = progress;
        builder.logs = logs;
        builder.output = output;
        builder.error = error;
        builder.metrics = metrics;
        builder.cancelRequested = cancelRequested;
        builder.outcomeUnknown = outcomeUnknown;
        builder.submitAttempts = submitAttempts;
        builder.submitSentAt = submitSentAt;
        builder.pollCount = pollCount;
        builder.nextAttemptAt = nextAttemptAt;
        builder.deadlineAt = deadlineAt;
        builder.createdAt = createdAt;
        builder.submittedAt = submittedAt;
        builder.startedAt = startedAt;
        builder.completedAt = completedAt;
        builder.updatedAt = updatedAt;
        return builder;
    }

    /** Fields of a prediction being built; every one starts empty (null, false or 0). */
    public static final class Builder {

        private String id;
        private String owner;
        private String user;
        private WorkKind kind;
        private PredictionStatus status;
        private String model;
        private Map<String, Object> input;
        private Double estimatedCost;
        private Double cost;
        private String inputHash;
        private String cachedFrom;
        private Boolean callerWebhook;
        private String replicateId;
        private Double progress;
        private String logs;
        private JsonNode output;
        private String error;
        private Map<String, Object> metrics;
        private boolean cancelRequested;
        private boolean outcomeUnknown;
        private int submitAttempts;
        private Instant submitSentAt;
        private int pollCount;
        private Instant nextAttemptAt;
        private Instant deadlineAt;
        private Instant createdAt;
        private Instant submittedAt;
        private Instant startedAt;
        private Instant completedAt;
        private Instant updatedAt;

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder kind(WorkKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder status(PredictionStatus status) {
            this.status = status;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder input(Map<String, Object> input) {
            this.input = input;
            return this;
        }

        public Builder estimatedCost(Double estimatedCost) {
            this.estimatedCost = estimatedCost;
            return this;
        }

        public Builder cost(Double cost) {
            this.cost = cost;
            return this;
        }

        public Builder inputHash(String inputHash) {
            this.inputHash = inputHash;
            return this;
        }

        public Builder callerWebhook(Boolean callerWebhook) {
            this.callerWebhook = callerWebhook;
            return this;
        }

        public Builder cachedFrom(String cachedFrom) {
            this.cachedFrom = cachedFrom;
            return this;
        }

        public Builder replicateId(String replicateId) {
            this.replicateId = replicateId;
            return this;
        }

        public Builder progress(Double progress) {
            this.progress = progress;
            return this;
        }

        public Builder logs(String logs) {
            this.logs = logs;
            return this;
        }

        public Builder output(JsonNode output) {
            this.output = output;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder metrics(Map<String, Object> metrics) {
            this.metrics = metrics;
            return this;
        }

        public Builder cancelRequested(boolean cancelRequested) {
            this.cancelRequested = cancelRequested;
            return this;
        }

        public Builder outcomeUnknown(boolean outcomeUnknown) {
            this.outcomeUnknown = outcomeUnknown;
            return this;
        }

        public Builder submitAttempts(int submitAttempts) {
            this.submitAttempts = submitAttempts;
            return this;
        }

        public Builder submitSentAt(Instant submitSentAt) {
            this.submitSentAt = submitSentAt;
            return this;
        }

        public Builder pollCount(int pollCount) {
            this.pollCount = pollCount;
            return this;
        }

        public Builder nextAttemptAt(Instant nextAttemptAt) {
            this.nextAttemptAt = nextAttemptAt;
            return this;
        }

        public Builder deadlineAt(Instant deadlineAt) {
            this.deadlineAt = deadlineAt;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder submittedAt(Instant submittedAt) {
            this.submittedAt = submittedAt;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder completedAt(Instant completedAt) {
            this.completedAt = completedAt;
            return this;
        }

        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Prediction build() {
            return new Prediction(
                    id,
                    owner,
                    user,
                    kind,
                    status,
                    model,
                    input,
                    estimatedCost,
                    cost,
                    inputHash,
                    cachedFrom,
                    callerWebhook,
                    replicateId,
                    progress,
                    logs,
                    output,
                    error,
                    metrics,
                    cancelRequested,
                    outcomeUnknown,
                    submitAttempts,
                    submitSentAt,
                    pollCount,
                    nextAttemptAt,
                    deadlineAt,
                    createdAt,
                    submittedAt,
                    startedAt,
                    completedAt,
                    updatedAt);
        }
    }
}
