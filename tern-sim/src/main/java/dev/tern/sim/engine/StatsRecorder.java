package dev.tern.sim.engine;

import dev.tern.sim.SimStats;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters behind {@link SimStats}. */
public final class StatsRecorder {

    private final LongAdder requests = new LongAdder();
    private final Map<String, LongAdder> endpoints = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder streams = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final LongAdder inputTokens = new LongAdder();
    private final LongAdder outputTokens = new LongAdder();
    private final LongAdder cacheRead = new LongAdder();
    private final LongAdder cacheWrite = new LongAdder();
    private final LongAdder toolCalls = new LongAdder();
    private final Map<String, LongAdder> scenarios = new ConcurrentHashMap<>();
    private final LongAdder embeddingInputs = new LongAdder();
    private final LongAdder embeddingTokens = new LongAdder();
    private final Map<String, LongAdder> batchItems = new ConcurrentHashMap<>();

    public void begin(String endpoint) {
        requests.increment();
        endpoints.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
        long now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
    }

    /** Counts a response status; called before its first byte is written. */
    public void status(int status) { statuses.computeIfAbsent(status, k -> new LongAdder()).increment(); }

    /** The request is fully answered (or its connection reset). */
    public void end() { inFlight.decrementAndGet(); }

    public void stream() { streams.increment(); }

    public void fault(String type) { faults.computeIfAbsent(type, k -> new LongAdder()).increment(); }

    public void scenario(String name) { scenarios.computeIfAbsent(name, k -> new LongAdder()).increment(); }

    public void usage(long uncachedInput, long output, long read, long written, int calls) {
        inputTokens.add(uncachedInput);
        outputTokens.add(output);
        cacheRead.add(read);
        cacheWrite.add(written);
        toolCalls.add(calls);
    }

    /** Texts embedded and their tokens. */
    public void embeddings(int inputs, long tokens) {
        embeddingInputs.add(inputs);
        embeddingTokens.add(tokens);
    }

    /** A batch item reached an outcome (succeeded, errored, expired, canceled). */
    public void batchItem(String outcome) { batchItems.computeIfAbsent(outcome, k -> new LongAdder()).increment(); }

    public SimStats snapshot() {
        return new SimStats(requests.sum(), sums(endpoints), sums(statuses), streams.sum(), inFlight.get(),
                maxInFlight.get(), sums(faults), inputTokens.sum(), outputTokens.sum(), cacheRead.sum(),
                cacheWrite.sum(), toolCalls.sum(), sums(scenarios), embeddingInputs.sum(), embeddingTokens.sum(),
                sums(batchItems));
    }

    /** Zeroes every counter except the live in-flight gauge. */
    public void reset() {
        requests.reset();
        endpoints.clear();
        statuses.clear();
        streams.reset();
        maxInFlight.set(inFlight.get());
        faults.clear();
        inputTokens.reset();
        outputTokens.reset();
        cacheRead.reset();
        cacheWrite.reset();
        toolCalls.reset();
        scenarios.clear();
        embeddingInputs.reset();
        embeddingTokens.reset();
        batchItems.clear();
    }

    private static <K> Map<K, Long> sums(Map<K, LongAdder> m) {
        Map<K, Long> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
