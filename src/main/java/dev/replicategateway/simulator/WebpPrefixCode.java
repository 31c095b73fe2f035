package dev.replicategateway.simulator;

import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * A canonical prefix (Huffman) code built from symbol counts, and how VP8L stores it: a "simple" code
 * for one or two small symbols, else code lengths that are themselves prefix-coded.
 */
final class WebpPrefixCode {

    private static final int[] CODE_LENGTH_ORDER = {17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    private final int[] lengths;
    private final int[] codes;
    private final int[] used;

    private WebpPrefixCode(int[] lengths, int[] used) {
        this.used = used;
        // A code with a single symbol takes no bits at all, whatever length is declared for it.
        this.lengths = used.length == 1 ? new int[lengths.length] : lengths;
        this.codes = canonicalCodes(this.lengths);
    }

    static WebpPrefixCode fromCounts(int[] counts, int maxLength) {
        int[] used = IntStream.range(0, counts.length)
                .filter(symbol -> counts[symbol] > 0)
                .toArray();
        if (used.length == 0) {
            used = new int[] {0};
        }
        int[] lengths = new int[counts.length];
        if (used.length == 1) {
            lengths[used[0]] = 1;
        } else {
            long[] weights = new long[counts.length];
            for (int symbol : used) {
                weights[symbol] = counts[symbol];
            }
            while (!huffmanLengths(weights, used, lengths, maxLength)) {
                for (int symbol : used) {
                    weights[symbol] = Math.max(1, weights[symbol] >> 1);
                }
            }
        }
        return new WebpPrefixCode(lengths, used);
    }

    void writeSymbol(WebpBitWriter out, int symbol) {
        if (lengths[symbol] > 0) {
            out.write(codes[symbol], lengths[symbol]);
        }
    }

    void writeCode(WebpBitWriter out) {
        if (used.length <= 2 && used[used.length - 1] < 256) {
            out.write(1, 1);
            out.write(used.length - 1, 1);
            boolean small = used[0] < 2;
            out.write(small ? 0 : 1, 1);
            out.write(used[0], small ? 1 : 8);
            if (used.length == 2) {
                out.write(used[1], 8);
            }
            return;
        }
        int[] declared = declaredLengths();
        int[] lengthCounts = new int[19];
        for (int length : declared) {
            lengthCounts[length]++;
        }
        WebpPrefixCode lengthCode = fromCounts(lengthCounts, 7);
        int[] lengthCodeLengths = lengthCode.declaredLengths();
        int count = CODE_LENGTH_ORDER.length;
        while (count > 4 && lengthCodeLengths[CODE_LENGTH_ORDER[count - 1]] == 0) {
            count--;
        }
        out.write(0, 1);
        out.write(count - 4, 4);
        for (int i = 0; i < count; i++) {
            out.write(lengthCodeLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        out.write(0, 1); // every symbol's length follows
        for (int length : declared) {
            lengthCode.writeSymbol(out, length);
        }
    }

    /** The lengths as stored: a single-symbol code is declared with length 1. */
    private int[] declaredLengths() {
        if (used.length != 1) {
            return lengths;
        }
        int[] declared = new int[lengths.length];
        declared[used[0]] = 1;
        return declared;
    }

    private static boolean huffmanLengths(long[] weights, int[] used, int[] lengths, int maxLength) {
        int n = weights.length;
        int[] parent = new int[2 * n];
        long[] weight = new long[2 * n];
        PriorityQueue<Integer> queue = new PriorityQueue<>(
                (a, b) -> weight[a] != weight[b] ? Long.compare(weight[a], weight[b]) : Integer.compare(a, b));
        for (int symbol : used) {
            weight[symbol] = weights[symbol];
            queue.add(symbol);
        }
        int next = n;
        while (queue.size() > 1) {
            int a = queue.poll();
            int b = queue.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            queue.add(next++);
        }
        int root = queue.poll();
        for (int symbol : used) {
            int depth = 0;
            for (int node = symbol; node != root; node = parent[node]) {
                depth++;
            }
            if (depth > maxLength) {
                return false;
            }
            lengths[symbol] = depth;
        }
        return true;
    }

    /** Canonical codes as in DEFLATE, bit-reversed because the stream is read least-significant bit first. */
    private static int[] canonicalCodes(int[] lengths) {
        int[] perLength = new int[16];
        for (int length : lengths) {
            if (length > 0) {
                perLength[length]++;
            }
        }
        int[] nextCode = new int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++) {
            code = (code + perLength[bits - 1]) << 1;
            nextCode[bits] = code;
        }
        int[] codes = new int[lengths.length];
        for (int symbol = 0; symbol < lengths.length; symbol++) {
            int length = lengths[symbol];
            if (length > 0) {
                codes[symbol] = Integer.reverse(nextCode[length]++) >>> (32 - length);
            }
        }
        return codes;
    }
}
