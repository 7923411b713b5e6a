package dev.tern.memory.tracker;

import dev.tern.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How long things usually take here, from the performance tracker's files: the median wall time of an agent's last
 * completed runs and the median latency of a model's last answered calls. What a live status line sets beside the time
 * that has passed ("waiting for gpt-4o 1.4 s (usually 2.1 s)", "~9 s left of a usual 12 s"), so a long run is never a
 * silent one whose end cannot be guessed (Navam #4). Only the tail of the files is read ({@link #LINES} lines of each),
 * once; a figure needs {@link #MIN_SAMPLES} records, as one past run says little about the next.
 */
public final class Estimates {

    /** Lines read from the end of each kind of file. */
    static final int LINES = 2_000;
    /** The most recent records per agent or model that a median is taken over. */
    static final int KEEP = 20;
    /** Fewer records than this give no estimate. */
    static final int MIN_SAMPLES = 3;

    public static final Estimates NONE = new Estimates(Map.of(), Map.of());

    private final Map<String, Duration> runs;
    private final Map<String, Duration> calls;

    private Estimates(Map<String, Duration> runs, Map<String, Duration> calls) {
        this.runs = Map.copyOf(runs);
        this.calls = Map.copyOf(calls);
    }

    /** The usual wall time of a completed run of {@code agent}, or null when too few are recorded. */
    public Duration run(String agent) { return agent == null ? null : runs.get(agent); }

    /** The usual latency of an answered call to {@code model} (provider calls only, not cache hits), or null. */
    public Duration call(String model) { return model == null ? null : calls.get(model); }

    /** From records, oldest first (the order the tracker keeps them in). */
    public static Estimates of(List<RunRecord> runRecords, List<CallRecord> callRecords) {
        Map<String, Deque<Long>> runMs = new HashMap<>();
        for (RunRecord r : runRecords) {
            if (r.completed() && r.agent() != null) keep(runMs, r.agent(), r.wallMs());
        }
        Map<String, Deque<Long>> callMs = new HashMap<>();
        for (CallRecord c : callRecords) {
            if (c.ok() && c.source() == CallRecord.Source.PROVIDER && c.model() != null) keep(callMs, c.model(), c.latencyMicros() / 1000);
        }
        return new Estimates(medians(runMs), medians(callMs));
    }

    /**
     * From the files of {@code tracker} (those this process and earlier ones wrote); nothing recorded, or files that cannot
     * be read, give {@link #NONE}: an estimate is a courtesy, and the run it is shown beside never depends on it.
     * Unreadable lines are skipped.
     */
    public static Estimates read(PerfTracker tracker) {
        try {
            return of(tail(tracker.runFiles(), RunRecord::fromJson), tail(tracker.callFiles(), CallRecord::fromJson));
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static <T> List<T> tail(List<Path> newestFirst, Function<tools.jackson.databind.JsonNode, T> parse) throws IOException {
        List<ReverseLines.Segment> segments = new ArrayList<>();
        for (Path f : newestFirst) segments.add(ReverseLines.Segment.whole(f));
        List<T> out = new ArrayList<>();
        for (String line : ReverseLines.last(segments, LINES)) {
            try {
                out.add(parse.apply(Json.parse(line)));
            } catch (RuntimeException bad) {
                // a torn or foreign line: the tracker's own loading skips it too
            }
        }
        return out;
    }

    private static void keep(Map<String, Deque<Long>> by, String key, long ms) {
        Deque<Long> d = by.computeIfAbsent(key, k -> new ArrayDeque<>());
        d.addLast(ms);
        if (d.size() > KEEP) d.removeFirst();
    }

    private static Map<String, Duration> medians(Map<String, Deque<Long>> by) {
        Map<String, Duration> out = new HashMap<>();
        by.forEach((key, d) -> {
            if (d.size() < MIN_SAMPLES) return;
            List<Long> sorted = new ArrayList<>(d);
            sorted.sort(null);
            out.put(key, Duration.ofMillis(sorted.get(sorted.size() / 2)));
        });
        return out;
    }
}
