package dev.replicategateway.replicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads Replicate's JSON where it does not come through the client: webhook bodies, parked events. */
public final class ReplicateWire {

    private static final ObjectMapper JSON = ReplicateServiceConfiguration.wireMapper();

    private ReplicateWire() {}

    /** @throws IOException when the body is not a prediction (or training) object */
    public static ReplicatePrediction prediction(byte[] json) throws IOException {
        ReplicatePrediction prediction = JSON.readValue(json, ReplicatePrediction.class);
        if (prediction == null || prediction.id() == null || prediction.id().isBlank()) {
            throw new IOException("No prediction id in the body");
        }
        return prediction;
    }
}
