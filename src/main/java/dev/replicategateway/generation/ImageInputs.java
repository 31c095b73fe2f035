package dev.replicategateway.generation;

import dev.replicategateway.common.ImageFormat;
import dev.replicategateway.upload.CheckedFile;
import dev.replicategateway.web.FieldError;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Input images as a request gives them: https URLs pass (Replicate fetches them); {@code data:} URLs
 * are decoded and must hold a PNG, JPEG, WebP or GIF within the inline limit; an uploaded file small
 * enough is sent inline, a larger one through the Files API.
 */
@Component
class ImageInputs {

    private final GenerationProperties properties;

    ImageInputs(GenerationProperties properties) {
        this.properties = properties;
    }

    /** What is wrong with the request's {@code images}, each named by its index. */
    List<FieldError> check(List<String> images, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        if (images == null) {
            return errors;
        }
        for (int i = 0; i < images.size(); i++) {
            String image = images.get(i);
            String field = prefix + "images[" + i + "]";
            if (image.regionMatches(true, 0, "data:", 0, 5)) {
                String problem = dataUrlProblem(image);
                if (problem != null) {
                    errors.add(new FieldError(field, problem));
                }
            } else if (!image.toLowerCase(Locale.ROOT).startsWith("https://") || image.length() > 2048) {
                errors.add(new FieldError(field, "must be an https URL or a data: URL"));
            }
        }
        return errors;
    }

    boolean fitsInline(CheckedFile file) {
        return file.size() <= properties.inlineImages().toBytes();
    }

    /** The file as a {@code data:} URL (it fits inline). */
    String dataUrl(CheckedFile file) throws IOException {
        return "data:" + file.contentType() + ";base64,"
                + Base64.getEncoder().encodeToString(Files.readAllBytes(file.path()));
    }

    private String dataUrlProblem(String url) {
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            return "must be a base64 data: URL";
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            return "is not valid base64";
        }
        if (bytes.length > properties.inlineImages().toBytes()) {
            return "is larger than " + properties.inlineImages().toKilobytes()
                    + " KB; upload the file (multipart) instead";
        }
        if (ImageFormat.detect(bytes).isEmpty()) {
            return "must be a PNG, JPEG, WebP or GIF image";
        }
        return null;
    }
}
