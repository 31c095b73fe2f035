package dev.replicategateway.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Kept outputs as files under one directory, written to a temporary file and moved into place, so a
 * reader never sees half a file. Only the instance that owns the directory sees them.
 */
class DirectoryOutputStore implements OutputStore {

    private final Path root;

    DirectoryOutputStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void write(String predictionId, int index, byte[] content, String contentType) throws IOException {
        Path target = path(predictionId, index);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + index, ".part");
        Files.write(temporary, content);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public InputStream read(String predictionId, int index) throws IOException {
        return Files.newInputStream(path(predictionId, index));
    }

    @Override
    public void check() throws IOException {
        Files.createDirectories(root);
        if (!Files.isWritable(root)) {
            throw new AccessDeniedException(root.toString(), null, "not writable");
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    private Path path(String predictionId, int index) {
        return root.resolve(OutputStore.name(predictionId, index));
    }
}
