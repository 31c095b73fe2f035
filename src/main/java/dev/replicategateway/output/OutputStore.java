package dev.replicategateway.output;

import dev.replicategateway.prediction.Prediction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * Where kept outputs live: a directory (one instance) or an S3-compatible bucket (shared by every
 * instance). Outputs are named {@code {prediction id}/{index}}.
 */
interface OutputStore {

    void write(String predictionId, int index, byte[] content, String contentType) throws IOException;

    /** The stored bytes; {@link NoSuchFileException} when this store does not hold them. */
    InputStream read(String predictionId, int index) throws IOException;

    /** Whether the store can be written to now (for health); throws with the reason when not. */
    void check() throws IOException;

    /** Where outputs go, for logs and health: never a credential. */
    String location();

    static String name(String predictionId, int index) {
        if (!Prediction.isWellFormedId(predictionId) || index < 0) {
            throw new IllegalArgumentException("not an output name");
        }
        return predictionId + "/" + index;
    }
}
