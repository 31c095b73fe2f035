package dev.replicategateway.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Kept outputs as files under one directory, {@code {prediction id}/{index}}: written to a temporary
 * file and moved into place, so a reader never sees half a file.
 */
class OutputStore {

    private final Path root;

    OutputStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    void write(String predictionId, int index, byte[] content) throws IOException {
        Path target = path(predictionId, index);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + index, ".part");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    InputStream read(String predictionId, int index) throws IOException {
        return Files.newInputStream(path(predictionId, index));
    }

    private Path path(String predictionId, int index) {
        if (!predictionId.matches("[A-Za-z0-9_-]{1,64}") || index < 0) {
            throw new IllegalArgumentException("not an output name");
        }
        return root.resolve(predictionId).resolve(String.valueOf(index));
    }
}
