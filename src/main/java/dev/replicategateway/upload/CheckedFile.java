package dev.replicategateway.upload;

import dev.replicategateway.common.ImageFormat;
import dev.replicategateway.web.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An uploaded file, copied to a temporary file as it is read (never whole in memory), with its
 * SHA-256, size and first bytes; deleted when closed.
 *
 * @param name a safe file name (letters, digits, dot, dash, underscore)
 */
public record CheckedFile(Path path, String name, String contentType, long size, String sha256, byte[] head)
        implements AutoCloseable {

    private static final int HEAD = 16;

    /** @throws InvalidRequestException (naming {@code field}) when {@code content} passes {@code maxBytes} */
    static CheckedFile spool(String field, InputStream content, String filename, long maxBytes) throws IOException {
        Path path = Files.createTempFile("gw-upload-", ".part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] head = new byte[0];
        long size = 0;
        try (InputStream in = content;
                OutputStream out = new DigestOutputStream(Files.newOutputStream(path), sha)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (head.length < HEAD) {
                    byte[] more = new byte[Math.min(HEAD, head.length + n)];
                    System.arraycopy(head, 0, more, 0, head.length);
                    System.arraycopy(buffer, 0, more, head.length, more.length - head.length);
                    head = more;
                }
                size += n;
                if (size > maxBytes) {
                    throw InvalidRequestException.of(field, "is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        return new CheckedFile(
                path, safeName(filename), null, size, HexFormat.of().formatHex(sha.digest()), head);
    }

    CheckedFile withContentType(String type) {
        return new CheckedFile(path, name, type, size, sha256, head);
    }

    boolean isZip() {
        return head.length >= 4 && head[0] == 0x50 && head[1] == 0x4B && head[2] == 0x03 && head[3] == 0x04;
    }

    Optional<ImageFormat> imageFormat() {
        return ImageFormat.detect(head);
    }

    private static String safeName(String filename) {
        String base = filename == null ? "" : filename.replaceAll(".*[/\\\\]", "");
        String safe = base.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isBlank() || safe.startsWith(".")) {
            safe = "upload" + safe;
        }
        return safe.length() > 100 ? safe.substring(safe.length() - 100) : safe;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}
