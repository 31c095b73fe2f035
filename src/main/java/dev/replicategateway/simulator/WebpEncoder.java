package dev.replicategateway.simulator;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A small lossless WebP (VP8L) encoder for opaque images, since Maven Central offers no pure-Java WebP
 * writer. It applies the subtract-green and a single predictor transform, codes runs as backward
 * references to the left or upper pixel, and entropy-codes the rest with one group of prefix codes.
 */
final class WebpEncoder {

    private static final int MAX_RUN = 4096;
    private static final int MIN_RUN = 3;
    private static final int BLOCK_BITS = 9;
    /** L + T - TL per channel, clamped: exact on linear gradients. */
    private static final int PREDICTOR_MODE = 12;
    /** Distance codes 1 and 2 name the pixel above and the pixel to the left. */
    private static final int UP = 1;

    private static final int LEFT = 2;

    private static final int CACHE_BITS = 10;
    private static final int LITERAL = 0;
    private static final int CACHED = -1;

    private WebpEncoder() {}

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] residuals = predict(subtractGreen(image.getRGB(0, 0, width, height, null, 0, width)), width);
        WebpBitWriter out = new WebpBitWriter();
        out.write(0x2f, 8);
        out.write(width - 1, 14);
        out.write(height - 1, 14);
        out.write(0, 1); // no alpha
        out.write(0, 3); // version
        out.write(1, 1);
        out.write(2, 2); // subtract-green transform
        out.write(1, 1);
        out.write(0, 2); // predictor transform
        out.write(BLOCK_BITS - 2, 3);
        writePredictorImage(out);
        out.write(0, 1); // no more transforms
        out.write(1, 1);
        out.write(CACHE_BITS, 4);
        out.write(0, 1); // one group of prefix codes for the whole image
        writePixels(out, residuals, width);
        return riff(out.toByteArray());
    }

    private static int[] subtractGreen(int[] argb) {
        for (int i = 0; i < argb.length; i++) {
            int pixel = argb[i];
            int green = (pixel >> 8) & 0xff;
            int red = (((pixel >> 16) & 0xff) - green) & 0xff;
            int blue = ((pixel & 0xff) - green) & 0xff;
            argb[i] = (pixel & 0xff00ff00) | (red << 16) | blue;
        }
        return argb;
    }

    private static int[] predict(int[] argb, int width) {
        int[] residuals = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int x = i % width;
            int prediction;
            if (i == 0) {
                prediction = 0xff000000;
            } else if (i < width) {
                prediction = argb[i - 1];
            } else if (x == 0) {
                prediction = argb[i - width];
            } else {
                prediction = clampAddSubtract(argb[i - 1], argb[i - width], argb[i - width - 1]);
            }
            residuals[i] = perChannel(argb[i], prediction, -1);
        }
        return residuals;
    }

    private static int clampAddSubtract(int left, int top, int topLeft) {
        int result = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            int value = ((left >>> shift) & 0xff) + ((top >>> shift) & 0xff) - ((topLeft >>> shift) & 0xff);
            result |= Math.max(0, Math.min(255, value)) << shift;
        }
        return result;
    }

    private static int perChannel(int a, int b, int sign) {
        int result = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            result |= ((((a >>> shift) & 0xff) + sign * ((b >>> shift) & 0xff)) & 0xff) << shift;
        }
        return result;
    }

    /** Every block uses the same predictor; a sub-image whose codes each have one symbol takes no data bits. */
    private static void writePredictorImage(WebpBitWriter out) {
        out.write(0, 1); // no colour cache
        int[][] single = {{PREDICTOR_MODE}, {0}, {0}, {0}, {0}};
        for (int[] symbol : single) {
            int[] counts = new int[symbol[0] + 1];
            counts[symbol[0]] = 1;
            WebpPrefixCode.fromCounts(counts, 15).writeCode(out);
        }
    }

    private static void writePixels(WebpBitWriter out, int[] pixels, int width) {
        int[] green = new int[256 + 24 + (1 << CACHE_BITS)];
        int[] cache = new int[1 << CACHE_BITS];
        int[] red = new int[256];
        int[] blue = new int[256];
        int[] alpha = new int[256];
        int[] distance = new int[40];
        int[] tokens = new int[pixels.length * 2];
        int count = 0;
        for (int i = 0; i < pixels.length; ) {
            int left = i > 0 ? run(pixels, i, 1) : 0;
            int up = i >= width ? run(pixels, i, width) : 0;
            int length = Math.max(left, up);
            if (length >= MIN_RUN) {
                int code = up > left ? UP : LEFT;
                green[256 + prefix(length)]++;
                distance[prefix(code)]++;
                tokens[count++] = -length;
                tokens[count++] = code;
                for (int end = i + length; i < end; i++) {
                    cache[cacheIndex(pixels[i])] = pixels[i];
                }
            } else if (cache[cacheIndex(pixels[i])] == pixels[i]) {
                int index = cacheIndex(pixels[i++]);
                green[256 + 24 + index]++;
                tokens[count++] = index;
                tokens[count++] = CACHED;
            } else {
                int pixel = pixels[i++];
                cache[cacheIndex(pixel)] = pixel;
                green[(pixel >> 8) & 0xff]++;
                red[(pixel >> 16) & 0xff]++;
                blue[pixel & 0xff]++;
                alpha[pixel >>> 24]++;
                tokens[count++] = pixel;
                tokens[count++] = LITERAL;
            }
        }
        WebpPrefixCode[] codes = {
            WebpPrefixCode.fromCounts(green, 15),
            WebpPrefixCode.fromCounts(red, 15),
            WebpPrefixCode.fromCounts(blue, 15),
            WebpPrefixCode.fromCounts(alpha, 15),
            WebpPrefixCode.fromCounts(distance, 15)
        };
        for (WebpPrefixCode code : codes) {
            code.writeCode(out);
        }
        for (int t = 0; t < count; t += 2) {
            if (tokens[t + 1] == CACHED) {
                codes[0].writeSymbol(out, 256 + 24 + tokens[t]);
            } else if (tokens[t + 1] == LITERAL) {
                int pixel = tokens[t];
                codes[0].writeSymbol(out, (pixel >> 8) & 0xff);
                codes[1].writeSymbol(out, (pixel >> 16) & 0xff);
                codes[2].writeSymbol(out, pixel & 0xff);
                codes[3].writeSymbol(out, pixel >>> 24);
            } else {
                int length = -tokens[t];
                codes[0].writeSymbol(out, 256 + prefix(length));
                writeExtraBits(out, length);
                codes[4].writeSymbol(out, prefix(tokens[t + 1]));
                writeExtraBits(out, tokens[t + 1]);
            }
        }
    }

    private static int cacheIndex(int argb) {
        return (0x1e35a7bd * argb) >>> (32 - CACHE_BITS);
    }

    /** How many pixels from {@code i} on repeat the pixel {@code distance} back. */
    private static int run(int[] pixels, int i, int distance) {
        int length = 0;
        while (i + length < pixels.length && length < MAX_RUN && pixels[i + length] == pixels[i + length - distance]) {
            length++;
        }
        return length;
    }

    /** The prefix symbol of a length or distance value (at least 1). */
    static int prefix(int value) {
        int d = value - 1;
        if (d < 4) {
            return d;
        }
        int highest = 31 - Integer.numberOfLeadingZeros(d);
        return 2 * highest + ((d >> (highest - 1)) & 1);
    }

    private static void writeExtraBits(WebpBitWriter out, int value) {
        int d = value - 1;
        if (d >= 4) {
            int extraBits = 31 - Integer.numberOfLeadingZeros(d) - 1;
            out.write(d & ((1 << extraBits) - 1), extraBits);
        }
    }

    private static byte[] riff(byte[] vp8l) {
        int padding = vp8l.length & 1;
        ByteBuffer header = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
        header.putInt(4 + 8 + vp8l.length + padding);
        header.put("WEBP".getBytes(StandardCharsets.US_ASCII));
        header.put("VP8L".getBytes(StandardCharsets.US_ASCII));
        header.putInt(vp8l.length);
        ByteArrayOutputStream file = new ByteArrayOutputStream(20 + vp8l.length + padding);
        file.writeBytes(header.array());
        file.writeBytes(vp8l);
        if (padding == 1) {
            file.write(0);
        }
        return file.toByteArray();
    }
}
