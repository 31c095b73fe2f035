package dev.replicategateway.simulator;

import java.io.ByteArrayOutputStream;

/** Writes bits least-significant first, as the lossless WebP (VP8L) bitstream reads them. */
final class WebpBitWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private long pending;
    private int pendingBits;

    void write(int value, int bits) {
        pending |= (value & ((1L << bits) - 1)) << pendingBits;
        pendingBits += bits;
        while (pendingBits >= 8) {
            out.write((int) pending & 0xff);
            pending >>>= 8;
            pendingBits -= 8;
        }
    }

    byte[] toByteArray() {
        if (pendingBits > 0) {
            out.write((int) pending & 0xff);
            pending = 0;
            pendingBits = 0;
        }
        return out.toByteArray();
    }
}
