package dev.tern.serve.observe;

import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace ids when no tracer makes them (tracing off): random, and taken from an incoming {@code traceparent};
 * and request ids ({@code req_<32 hex>} as OpenAI's, or a proxy's own {@code X-Request-Id} when it is a plain token).
 */
public final class TraceIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceIds() { }

    /** 32 random lowercase hex digits. */
    public static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[32];
        long a = r.nextLong(), b = r.nextLong();
        for (int i = 0; i < 16; i++) {
            c[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
            c[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
        }
        return new String(c);
    }

    /** The request id: the caller's {@code X-Request-Id} when it is 1-128 of letters, digits and {@code . _ : -}, else a new {@code req_<32 hex>}. */
    public static String requestId(String incoming) {
        if (incoming != null && !incoming.isEmpty() && incoming.length() <= 128) {
            boolean plain = true;
            for (int i = 0; i < incoming.length() && plain; i++) {
                char c = incoming.charAt(i);
                plain = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == ':' || c == '-');
            }
            if (plain) return incoming;
        }
        return "req_" + random();
    }

    /** The trace id of a valid {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or null. */
    public static String fromTraceparent(String header) {
        if (header == null || header.length() < 55) return null;
        String[] p = header.strip().split("-");
        if (p.length < 4 || p[1].length() != 32 || !p[1].matches("[0-9a-f]{32}") || p[1].equals("0".repeat(32))) return null;
        return p[1];
    }
}
