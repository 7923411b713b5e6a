package dev.tern.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback OTLP/HTTP receiver for tests: takes {@code POST /v1/traces} (protobuf) and {@code /v1/metrics},
 * decodes the spans with a few lines of protobuf wire-format reading (no generated classes).
 */
final class OtlpReceiver implements AutoCloseable {

    record Span(String traceId, String spanId, String parentId, String name, Map<String, String> attributes) { }

    final List<Span> spans = new CopyOnWriteArrayList<>();
    final List<Integer> metricPosts = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                spans.addAll(decode(in.readAllBytes()));
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/v1/metrics", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                metricPosts.add(in.readAllBytes().length);
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    String endpoint() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    Span named(String prefix) {
        return spans.stream().filter(s -> s.name().startsWith(prefix)).findFirst().orElse(null);
    }

    @Override
    public void close() { server.stop(0); }

    // --- protobuf wire format: ExportTraceServiceRequest > ResourceSpans(1) > ScopeSpans(2) > Span(2) ---
    static List<Span> decode(byte[] body) {
        List<Span> out = new ArrayList<>();
        for (byte[] rs : fields(body, 1)) for (byte[] ss : fields(rs, 2)) for (byte[] sp : fields(ss, 2)) out.add(span(sp));
        return out;
    }

    private static Span span(byte[] b) {
        Map<String, String> attrs = new LinkedHashMap<>();
        for (byte[] kv : fields(b, 9)) {
            String key = string(first(kv, 1));
            byte[] any = first(kv, 2);
            byte[] s = any == null ? null : first(any, 1);
            attrs.put(key, s != null ? string(s) : "(non-string)");
        }
        byte[] parent = first(b, 4);
        return new Span(hex(first(b, 1)), hex(first(b, 2)), parent == null || parent.length == 0 ? null : hex(parent), string(first(b, 5)), attrs);
    }

    private static String hex(byte[] b) { return b == null ? null : HexFormat.of().formatHex(b); }

    private static String string(byte[] b) { return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8); }

    private static byte[] first(byte[] msg, int field) {
        List<byte[]> all = fields(msg, field);
        return all.isEmpty() ? null : all.getFirst();
    }

    /** The length-delimited values of {@code field} in a message (other fields skipped). */
    private static List<byte[]> fields(byte[] msg, int field) {
        List<byte[]> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < msg.length) {
            long tag = varint(msg, pos);
            int number = (int) (tag >>> 3), type = (int) (tag & 7);
            switch (type) {
                case 0 -> varint(msg, pos);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    int len = (int) varint(msg, pos);
                    if (number == field) out.add(java.util.Arrays.copyOfRange(msg, pos[0], pos[0] + len));
                    pos[0] += len;
                }
                default -> throw new IllegalArgumentException("wire type " + type);
            }
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) return v;
        }
    }
}
