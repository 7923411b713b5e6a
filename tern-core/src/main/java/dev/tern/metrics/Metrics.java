package dev.tern.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one runtime, taken where the work happens (the model gateway, the tool executor,
 * the caches, the permission check). Cheap to update from many threads; {@link #snapshot()} feeds
 * {@code /perf}, {@code /cache}, {@code --stats} and the benchmarks. One instance per runtime, no
 * static state.
 *
 * <p>Names are dotted, lower case: {@code model.calls}, {@code tool.exec.read_file}, {@code cache.tool.hit}.
 */
public final class Metrics {

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public Counter counter(String name) { return counters.computeIfAbsent(name, n -> new Counter()); }

    public Timer timer(String name) { return timers.computeIfAbsent(name, n -> new Timer()); }

    public long count(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.get();
    }

    public Timer.Snapshot timerSnapshot(String name) {
        Timer t = timers.get(name);
        return t == null ? Timer.Snapshot.EMPTY : t.snapshot();
    }

    /** All counters and timers, sorted by name. */
    public Snapshot snapshot() {
        Map<String, Long> c = new TreeMap<>();
        counters.forEach((k, v) -> c.put(k, v.get()));
        Map<String, Timer.Snapshot> t = new TreeMap<>();
        timers.forEach((k, v) -> t.put(k, v.snapshot()));
        return new Snapshot(c, t);
    }

    public void reset() {
        counters.clear();
        timers.clear();
    }

    /** A point-in-time copy of every metric. */
    public record Snapshot(Map<String, Long> counters, Map<String, Timer.Snapshot> timers) {
        public long counter(String name) { return counters.getOrDefault(name, 0L); }

        public Timer.Snapshot timer(String name) { return timers.getOrDefault(name, Timer.Snapshot.EMPTY); }
    }

    /** A monotonically increasing count. */
    public static final class Counter {
        private final LongAdder adder = new LongAdder();

        public void increment() { adder.increment(); }

        public void add(long n) { adder.add(n); }

        public long get() { return adder.sum(); }
    }

    /** Count, total and max of durations in nanoseconds. */
    public static final class Timer {
        private final LongAdder count = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();
        private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

        public void record(long nanos) {
            count.increment();
            totalNanos.add(nanos);
            maxNanos.accumulate(nanos);
        }

        public Snapshot snapshot() { return new Snapshot(count.sum(), totalNanos.sum(), maxNanos.get()); }

        /** Durations of a timer, in nanoseconds. */
        public record Snapshot(long count, long totalNanos, long maxNanos) {
            public static final Snapshot EMPTY = new Snapshot(0, 0, 0);

            public double meanMillis() { return count == 0 ? 0 : totalNanos / 1e6 / count; }

            public double totalMillis() { return totalNanos / 1e6; }

            public double maxMillis() { return maxNanos / 1e6; }
        }
    }
}
