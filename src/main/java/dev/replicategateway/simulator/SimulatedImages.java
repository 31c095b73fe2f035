package dev.replicategateway.simulator;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Real images for simulated outputs: a gradient whose colours come from the prompt and seed, with the
 * prompt written on it, at the requested size or aspect ratio. PNG and JPEG are
 * written with ImageIO; WebP (Flux's default format) with a small lossless encoder of our own, since
 * the JDK has none and Maven Central has no pure-Java writer.
 */
final class SimulatedImages {

    /** The long side of every image when nothing smaller is configured. */
    static final int LONG_SIDE = 768;

    private SimulatedImages() {}

    static String contentType(String extension) {
        return switch (extension) {
            case "jpg" -> "image/jpeg";
            case "webp" -> "image/webp";
            default -> "image/png";
        };
    }

    static byte[] render(Map<String, Object> input, int index, String extension, int longSide) {
        BufferedImage image = draw(input, index, longSide);
        if ("webp".equals(extension)) {
            return WebpEncoder.encode(image);
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "jpg".equals(extension) ? "jpg" : "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage draw(Map<String, Object> input, int index) {
        return draw(input, index, LONG_SIDE);
    }

    static BufferedImage draw(Map<String, Object> input, int index, int longSide) {
        int[] size = size(input, longSide);
        String prompt = String.valueOf(input.getOrDefault("prompt", ""));
        long seed = input.get("seed") instanceof Number n ? n.longValue() : 0;
        int hash = (prompt + "#" + seed + "#" + index).hashCode();
        BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Color from = Color.getHSBColor((hash & 0xff) / 255f, 0.55f, 0.95f);
            Color to = Color.getHSBColor(((hash >> 8) & 0xff) / 255f, 0.75f, 0.45f);
            g.setPaint(new GradientPaint(0, 0, from, size[0], size[1], to));
            g.fillRect(0, 0, size[0], size[1]);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(14, size[0] / 24)));
            int y = size[1] / 3;
            for (String line : wrap(prompt, 28)) {
                g.drawString(line, size[0] / 16, y);
                y += g.getFontMetrics().getHeight();
            }
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, Math.max(10, size[0] / 48)));
            g.drawString("SIMULATED · seed " + seed + " · #" + (index + 1), size[0] / 16, size[1] - size[1] / 16);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * The size asked for, whichever way the model takes it: an aspect ratio ({@code 16:9}), explicit
     * width and height (SDXL, or {@code aspect_ratio: custom}), or a {@code resolution}/{@code size} of
     * {@code WxH} (Ideogram, Recraft); anything else ({@code match_input_image}, {@code 2K}) is square.
     */
    private static int[] size(Map<String, Object> input, int longSide) {
        double[] ratio = ratio(input.get("aspect_ratio"), ":");
        if (ratio == null && input.get("width") instanceof Number w && input.get("height") instanceof Number h) {
            double scale = Math.min(1.0, (double) longSide / Math.max(w.intValue(), h.intValue()));
            return new int[] {(int) (w.intValue() * scale), (int) (h.intValue() * scale)};
        }
        if (ratio == null) {
            ratio = ratio(input.get("resolution"), "x");
        }
        if (ratio == null) {
            ratio = ratio(input.get("size"), "x");
        }
        double w = ratio == null ? 1 : ratio[0];
        double h = ratio == null ? 1 : ratio[1];
        return w >= h
                ? new int[] {longSide, (int) Math.max(1, Math.round(longSide * h / w))}
                : new int[] {(int) Math.max(1, Math.round(longSide * w / h)), longSide};
    }

    /** {@code "16:9"} (or {@code "1024x768"}) as {16, 9}; null when it is not two positive numbers. */
    private static double[] ratio(Object value, String separator) {
        if (!(value instanceof String text)) {
            return null;
        }
        String[] parts = text.split(separator);
        try {
            double[] ratio = {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
            return ratio[0] > 0 && ratio[1] > 0 ? ratio : null;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() + word.length() > width && line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
                if (lines.size() == 5) {
                    break;
                }
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        if (line.length() > 0 && lines.size() < 6) {
            lines.add(line.toString());
        }
        return lines;
    }
}
