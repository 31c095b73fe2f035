package dev.replicategateway.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats this service keeps, serves and accepts as inputs, told apart by their first bytes
 * (never by a declared content type alone: an SVG or HTML page labelled {@code image/png} is refused).
 */
public enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp"),
    GIF("image/gif", "gif");

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String mediaType;
    private final String extension;

    ImageFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The format the content's first bytes show (at least 12 are needed), if it is one of these. */
    public static Optional<ImageFormat> detect(byte[] head) {
        if (startsWith(head, PNG_MAGIC)) {
            return Optional.of(PNG);
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return Optional.of(JPEG);
        }
        if (head.length >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return Optional.of(WEBP);
        }
        if (head.length >= 6 && (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a"))) {
            return Optional.of(GIF);
        }
        return Optional.empty();
    }

    /** The format of an {@code output_format} or file extension ({@code jpg}, {@code jpeg}, {@code webp} …). */
    public static Optional<ImageFormat> ofName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format ->
                        format.extension.equals(lower) || format.name().equalsIgnoreCase(lower))
                .findFirst();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean ascii(byte[] bytes, int at, String text) {
        if (bytes.length < at + text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
