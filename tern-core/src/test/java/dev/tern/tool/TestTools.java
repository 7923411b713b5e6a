package dev.tern.tool;

import dev.tern.model.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Real tools for executor tests: they sleep, record when they ran and how many overlapped. */
final class TestTools {

    /** Start/end events in the order they happened: "start:a", "end:a". */
    final List<String> timeline = new CopyOnWriteArrayList<>();
    final ConcurrentHashMap<String, AtomicInteger> active = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, AtomicInteger> maxActive = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();

    Tool sleeper(String name, ToolTraits traits) {
        ToolSpec spec = new ToolSpec(name, "sleeps for ms milliseconds",
                "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"},\"path\":{\"type\":\"string\"},\"label\":{\"type\":\"string\"}}}");
        return new Tool() {
            @Override public ToolSpec spec() { return spec; }
            @Override public ToolTraits traits() { return traits; }
            @Override public ToolResult execute(ToolCallContext call) throws Exception {
                String key = call.string("path") == null ? name : call.string("path");
                String label = call.string("label") == null ? name : call.string("label");
                int now = active.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                maxActive.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                timeline.add("start:" + label);
                try {
                    Thread.sleep(call.integer("ms", 10));
                } finally {
                    timeline.add("end:" + label);
                    running.decrementAndGet();
                    active.get(key).decrementAndGet();
                }
                return ToolResult.ok(label + " done");
            }
        };
    }

    static ToolTraits readOnly() { return ToolTraits.READ_ONLY; }

    static ToolTraits fileWriter() {
        return ToolTraits.DEFAULT.withResource(a -> "file:" + a.string("path"));
    }

    static ToolTraits exclusive() { return new ToolTraits(false, true, false, Duration.ofSeconds(60), null); }
}
