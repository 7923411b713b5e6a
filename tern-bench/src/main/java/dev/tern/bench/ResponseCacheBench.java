package dev.tern.bench;

import dev.tern.memory.responses.ResponseCache;
import dev.tern.memory.responses.ResponseCachePolicy;
import dev.tern.memory.responses.VerifyMode;
import dev.tern.metrics.Metrics;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.StopReason;
import dev.tern.model.ToolSpec;
import dev.tern.model.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * SPEC "response cache": lookups with HMAC verification in a cache of 10 000 answers. One lookup is
 * what the gateway pays on a hit: the SHA-256 key of a realistic request (a 4 KB system prompt, tools,
 * a user turn), the memory-tier read, the HMAC check of the entry and the response handed back.
 * Every lookup is timed on its own into an HdrHistogram after a warm-up; also measured: the other verify
 * modes, the first lookup after a restart (disk tier), and storing into a full tier (eviction).
 */
public final class ResponseCacheBench {

    /** Rounds of timed lookups per verify mode. */
    private static final int ROUNDS = 5;
    /** Restarts on the cache's folder, each reading entries no earlier one read; the first untimed. */
    private static final int RESTARTS = 5;

    static final ChatRequest.Builder BASE = ChatRequest.builder("gpt-4o-mini").temperature(0.0).maxOutputTokens(1024)
            .tools(List.of(new ToolSpec("read_file", "Reads a file of the workspace.", "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"),
                    new ToolSpec("web_fetch", "Fetches a URL.", "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}}}")));

    public BenchReport run(int entries, int lookups) throws Exception {
        String system = "You are a careful research agent. ".repeat(120); // ~4 KB
        List<ChatRequest> requests = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            requests.add(BASE.messages(List.of(Message.system(system), Message.user("Task " + i + ": summarise the quarterly report of company "
                    + (i * 7919 % 100_003) + " in three bullet points."))).build());
        }
        BenchReport.Builder b = new BenchReport.Builder("response-cache",
                "response-cache lookup with HMAC verification, " + String.format(Locale.ROOT, "%,d", entries) + " entries",
                "tern bench response-cache");
        Path dir = Files.createTempDirectory("tern-bench-rc");
        // the three verify modes in rounds, their order alternating, each round timing a share of the lookups per mode:
        // measured one mode after the other, the first one's p99 moved by a fifth between runs (the JIT and the machine
        // drifting under it); a mode's p99 is the median of its rounds' p99s
        java.util.Map<VerifyMode, ResponseCache> caches = new java.util.EnumMap<>(VerifyMode.class);
        java.util.Map<VerifyMode, Histogram> all = new java.util.EnumMap<>(VerifyMode.class);
        java.util.Map<VerifyMode, List<Double>> p99s = new java.util.EnumMap<>(VerifyMode.class);
        SplittableRandom rnd = new SplittableRandom(42);
        for (VerifyMode mode : VerifyMode.values()) {
            ResponseCache cache = ResponseCache.builder(ResponseCachePolicy.DEFAULT.withEnabled(true).withVerify(mode, 10)
                    .withMaxBytes(1L << 30), new Metrics()).directory(mode == VerifyMode.ALWAYS ? dir : null).build();
            for (int i = 0; i < entries; i++) {
                int n = i;
                cache.intercept(requests.get(i), null, r -> answer(n));
            }
            for (int i = 0; i < lookups / 2; i++) cache.intercept(requests.get(rnd.nextInt(requests.size())), null, ResponseCacheBench::miss);
            caches.put(mode, cache);
            all.put(mode, new Histogram(3));
            p99s.put(mode, new ArrayList<>());
        }
        for (int round = 0; round < ROUNDS; round++) {
            List<VerifyMode> order = new ArrayList<>(List.of(VerifyMode.values()));
            if (round % 2 == 1) java.util.Collections.reverse(order);
            for (VerifyMode mode : order) {
                Histogram h = measure(caches.get(mode), requests, Math.max(1, lookups / ROUNDS), rnd);
                all.get(mode).add(h);
                p99s.get(mode).add(h.getValueAtPercentile(99) / 1000.0);
            }
        }
        for (VerifyMode mode : VerifyMode.values()) {
            Histogram h = all.get(mode);
            Spread p99 = Spread.of(p99s.get(mode));
            String name = mode.name().toLowerCase(Locale.ROOT) + (mode == VerifyMode.SAMPLING ? " (1 in 10)" : "");
            String value = p99.format("%.1f", " µs");
            if (mode == VerifyMode.ALWAYS) b.row("lookup p99, verify " + name, value, "≤ 50 µs", p99.median() <= 50);
            else b.row("lookup p99, verify " + name, value);
            b.row("lookup p50 / p99.9, verify " + name, us(h.getValueAtPercentile(50) / 1000.0) + " / " + us(h.getValueAtPercentile(99.9) / 1000.0));
        }
        Histogram always = all.get(VerifyMode.ALWAYS);
        b.row("hit answered without the provider", always.getTotalCount() + " of " + always.getTotalCount() + " lookups");

        // restarts: a new cache on the same folder reads each answer from disk once (HMAC always checked there). Each restart
        // reads a slice of entries no earlier restart read; the first is untimed (it compiles the disk path: timed, the p50
        // of one restart's 2 000 reads moved by a fifth between runs), then the median of the others' p50 and p99
        int slice = Math.max(1, Math.min(2_000, entries / RESTARTS));
        List<Double> diskP50 = new ArrayList<>(), diskP99 = new ArrayList<>();
        for (int k = 0; k < RESTARTS; k++) {
            ResponseCache restarted = ResponseCache.builder(ResponseCachePolicy.DEFAULT.withEnabled(true).withVerify(VerifyMode.ALWAYS, 1)
                    .withMaxBytes(1L << 30), new Metrics()).directory(dir).build();
            Histogram disk = new Histogram(3);
            for (int i = k * slice; i < Math.min(entries, (k + 1) * slice); i++) {
                long t = System.nanoTime();
                restarted.intercept(requests.get(i), null, r -> { throw new IllegalStateException("miss"); });
                disk.recordValue(System.nanoTime() - t);
            }
            if (k == 0 || disk.getTotalCount() == 0) continue;
            diskP50.add(disk.getValueAtPercentile(50) / 1000.0);
            diskP99.add(disk.getValueAtPercentile(99) / 1000.0);
        }
        if (!diskP50.isEmpty()) {
            b.row("first lookup after a restart (disk tier), p50 / p99", Spread.of(diskP50).format("%.1f", " µs") + " / "
                    + Spread.of(diskP99).format("%.1f", " µs"));
        }

        // storing into a full memory tier: each store evicts the least-hit, oldest answer
        ResponseCache full = ResponseCache.builder(ResponseCachePolicy.DEFAULT.withEnabled(true).withMaxBytes(entries * 1_300L),
                new Metrics()).build();
        for (int i = 0; i < entries; i++) {
            int n = i;
            full.intercept(requests.get(i), null, r -> answer(n));
        }
        Histogram store = new Histogram(3);
        for (int i = 0; i < entries; i++) {
            ChatRequest r = BASE.messages(List.of(Message.system(system), Message.user("New task " + i))).build();
            int n = i;
            long t = System.nanoTime();
            full.intercept(r, null, x -> answer(n));
            store.recordValue(System.nanoTime() - t);
        }
        b.row("store into a full tier (key, sign, evict), p50 / p99", us(store.getValueAtPercentile(50) / 1000.0) + " / "
                + us(store.getValueAtPercentile(99) / 1000.0));
        b.row("evictions while storing " + String.format(Locale.ROOT, "%,d", entries), String.valueOf(full.snapshot().evicted()));
        Trees.delete(dir);
        return b.note("a lookup = SHA-256 key of the request (4 KB system prompt, 2 tools, a user turn) + memory-tier read + HMAC-SHA256 of the "
                        + "entry's canonical bytes + the response; timed one by one with System.nanoTime after " + lookups / 2 + " warm-up lookups per"
                        + " verify mode, then " + ROUNDS + " rounds of " + lookups / ROUNDS + " per mode, the modes' order alternating; p99 is the"
                        + " median of the rounds' p99s, p50 and p99.9 are over all " + lookups + " of a mode")
                .note("lookups pick entries at random (uniform) among all " + entries + "; single thread, in-process")
                .note("the disk row includes reading the file, checking its HMAC and promoting it to memory; " + (RESTARTS - 1) + " restarts (a new"
                        + " cache on the folder) after an untimed one, each reading up to 2 000 entries no earlier restart read; its figures are"
                        + " the medians of the restarts' p50 and p99")
                .build();
    }

    private static Histogram measure(ResponseCache cache, List<ChatRequest> requests, int lookups, SplittableRandom rnd) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < lookups; i++) {
            ChatRequest r = requests.get(rnd.nextInt(requests.size()));
            long t = System.nanoTime();
            cache.intercept(r, null, ResponseCacheBench::miss);
            h.recordValue(System.nanoTime() - t);
        }
        return h;
    }

    private static ChatResponse miss(ChatRequest r) { throw new IllegalStateException("the benchmark's lookups must all hit"); }

    private static ChatResponse answer(int i) {
        return new ChatResponse(AssistantMessage.ofText("- Revenue grew. ".repeat(40) + i), new Usage(1_200, 180), StopReason.END_TURN,
                "gpt-4o-mini", "resp-" + i);
    }

    private static String us(double micros) { return String.format(Locale.ROOT, "%.1f µs", micros); }
}
