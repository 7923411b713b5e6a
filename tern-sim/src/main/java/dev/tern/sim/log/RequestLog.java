package dev.tern.sim.log;

import dev.tern.sim.SimRequest;
import dev.tern.sim.engine.Turn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N requests, in a lock-free ring. Cheap on the hot path: a request keeps references to the
 * already parsed header map and messages, and its body (copied only when longer than the byte cap);
 * everything is turned into {@link SimRequest}s when read.
 */
public final class RequestLog {

    /** Parsed messages are kept for bodies up to this many times the byte cap (bounds the log's memory). */
    static final int MESSAGES_FACTOR = 4;

    private static final java.util.Set<String> SECRET = java.util.Set.of("authorization", "x-api-key", "cookie",
            "proxy-authorization");

    /** A request being served; the chat handler fills in what it parsed. Not thread-safe: one request's thread. */
    public static final class Draft {
        final long timeMs;
        final String method;
        final String path;
        final String query;
        final Map<String, String> headers;
        final byte[] body;
        final int bodyBytes;
        final boolean keepMessages;
        long seq;
        String model;
        String scenario;
        long inputTokens;
        String system = "";
        List<Turn> turns = List.of();
        int status;
        boolean committed;

        Draft(long timeMs, String method, String path, String query, Map<String, String> headers, byte[] body, int cap) {
            this.timeMs = timeMs;
            this.method = method;
            this.path = path;
            this.query = query;
            this.headers = headers;
            this.bodyBytes = body.length;
            this.body = body.length <= cap ? body : Arrays.copyOf(body, cap);
            this.keepMessages = body.length <= MESSAGES_FACTOR * (long) cap;
        }

        /** Records what a chat request asked (its messages only when the body is at most 4 × the byte cap). */
        public void chat(String model, String system, List<Turn> turns, long inputTokens) {
            this.model = model;
            this.inputTokens = inputTokens;
            if (!keepMessages) return;
            this.system = system == null ? "" : system;
            this.turns = turns;
        }

        public void scenario(String name) { this.scenario = name; }
    }

    private final AtomicReferenceArray<Draft> ring;
    private final int capacity;
    private final int bodyCap;
    private final AtomicLong seq = new AtomicLong();

    /**
     * @param capacity requests kept (0 = log nothing)
     * @param bodyCap  body bytes kept per request
     */
    public RequestLog(int capacity, int bodyCap) {
        this.capacity = Math.max(0, capacity);
        this.bodyCap = Math.max(0, bodyCap);
        this.ring = new AtomicReferenceArray<>(Math.max(1, this.capacity));
    }

    public int capacity() { return capacity; }

    /** A draft for an HTTP request, or null when the log is off. */
    public Draft draft(long nowMs, String method, String path, String query, Map<String, String> headers, byte[] body) {
        if (capacity == 0) return null;
        return new Draft(nowMs, method, path, query, headers, body, bodyCap);
    }

    /** A draft for one item of a batch ({@code BATCH <endpoint>?batch=<id>&custom_id=<id>}), or null when the log is off. */
    public Draft item(long nowMs, String endpoint, String batchId, String customId, byte[] body) {
        if (capacity == 0) return null;
        return new Draft(nowMs, "BATCH", endpoint, "batch=" + batchId + "&custom_id=" + customId, Map.of(), body, bodyCap);
    }

    /** Stores the draft with its answered status; a second commit of the same draft is ignored. */
    public void commit(Draft d, int status) {
        if (d == null || d.committed) return;
        d.committed = true;
        d.status = status;
        long n = seq.incrementAndGet();
        d.seq = n;
        ring.set((int) ((n - 1) % capacity), d);
    }

    /** The last {@code n} requests (all kept when {@code n <= 0}), oldest first. */
    public List<SimRequest> last(int n) {
        long top = seq.get();
        int want = n <= 0 ? capacity : Math.min(n, capacity);
        List<Draft> found = new ArrayList<>(Math.min(want, 1024));
        for (long s = top; s > 0 && s > top - capacity && found.size() < want; s--) {
            Draft d = ring.get((int) ((s - 1) % capacity));
            if (d != null && d.seq == s) found.add(d);
        }
        List<SimRequest> out = new ArrayList<>(found.size());
        for (int i = found.size() - 1; i >= 0; i--) out.add(view(found.get(i)));
        return out;
    }

    /** Forgets every kept request (sequence numbers keep increasing). */
    public void clear() {
        for (int i = 0; i < ring.length(); i++) ring.set(i, null);
    }

    private static SimRequest view(Draft d) {
        Map<String, String> headers = new HashMap<>();
        d.headers.forEach((k, v) -> headers.put(k, SECRET.contains(k) ? mask(v) : v));
        List<SimRequest.Message> messages = new ArrayList<>(d.turns.size());
        for (Turn t : d.turns) {
            switch (t.kind()) {
                case USER -> messages.add(new SimRequest.Message("user", t.text()));
                case ASSISTANT -> messages.add(new SimRequest.Message("assistant", t.text()));
                case TOOL -> {
                    StringBuilder sb = new StringBuilder(t.text());
                    for (Turn.Result r : t.results()) {
                        if (!sb.isEmpty()) sb.append('\n');
                        sb.append(r.content());
                    }
                    messages.add(new SimRequest.Message("tool", sb.toString()));
                }
            }
        }
        return new SimRequest(d.seq, d.timeMs, d.method, d.path, d.query, headers, d.model, d.scenario, d.status,
                d.inputTokens, d.system, messages, new String(d.body, StandardCharsets.UTF_8), d.bodyBytes,
                d.body.length < d.bodyBytes);
    }

    private static String mask(String v) {
        return "***";
    }
}
