package dev.tern.memory.tracker;

import dev.tern.cost.PriceTable;
import dev.tern.json.Json;
import dev.tern.llm.ModelInterceptor;
import dev.tern.llm.RequestTags;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.Usage;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunContext;
import dev.tern.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The performance tracker: every model call is recorded at the gateway (a {@link ModelInterceptor}, so
 * sub-agents, workflows and consolidation are included) and every run when it finishes (the tracker
 * listens to the event sink of each run whose model calls it saw, whoever built the agent), into a bounded ring buffer in memory and an append-only JSONL file
 * per kind under {@code .tern/metrics/} ({@code calls.jsonl}, {@code runs.jsonl}), rotated at a size bound.
 *
 * <p>Memory stays constant however long it runs: the ring buffers hold the last {@code capacity} records,
 * the runs being tracked (session, model, cache hits until their end) are bounded too, and nothing else is
 * kept per record. The records written before this process started are loaded lazily, on the first
 * look at the recent records, reading only the last {@code capacity} lines from the end of the files.
 *
 * <p>Place it right after the response cache in the gateway (answers from the cache are reported to
 * {@link #cacheServed}), before the budget guard, so that refused and failed calls are recorded too.
 */
public final class PerfTracker implements ModelInterceptor, AgentListener, AutoCloseable {

    /**
     * @param capacity     records kept in memory per kind (and loaded from the files)
     * @param maxFileBytes a file is rotated when it would pass this size
     * @param keepFiles    rotated files kept per kind
     */
    public record Options(int capacity, long maxFileBytes, int keepFiles) {
        public static final Options DEFAULT = new Options(10_000, 16L << 20, 4);

        public Options {
            if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        }

        /**
         * Reads the {@code tracker} config section: {@code {"capacity": 10000, "maxFileBytes": 16777216, "keepFiles": 4}}.
         *
         * @param section  the section, or null when the config has none
         * @param warnings where unknown keys are reported
         * @throws IllegalArgumentException one line naming the file and key, for a wrong type or range
         */
        public static Options fromConfig(tools.jackson.databind.JsonNode section, String source, List<String> warnings) {
            dev.tern.memory.SectionReader r = new dev.tern.memory.SectionReader(section, "tracker", source);
            Options o = new Options((int) Math.min(Integer.MAX_VALUE, r.number("capacity", DEFAULT.capacity(), 1)),
                    r.number("maxFileBytes", DEFAULT.maxFileBytes(), 1024), (int) Math.min(1000, r.number("keepFiles", DEFAULT.keepFiles(), 0)));
            r.unknownKeys(warnings);
            return o;
        }
    }

    private record OpenRun(String session, String model, int cacheHits) { }

    private final PriceTable prices;
    private final Metrics metrics;
    private final RingBuffer<CallRecord> calls;
    private final RingBuffer<RunRecord> runs;
    private final JsonlLog callLog;
    private final JsonlLog runLog;
    private final Map<String, Mark> marks = new LinkedHashMap<>();
    private final Map<String, OpenRun> open;
    /** The runs' event sinks this tracker listens to (weak: a finished run's sink is collected with it). */
    private final java.util.Set<dev.tern.run.Events> listening = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    private final LongAdder writeErrors = new LongAdder();
    private volatile String lastWriteError;
    private boolean loaded;

    /** Where the files were when this tracker started: older records are read from there back. */
    private record Mark(Object fileKey, long size) { }

    /** A tracker writing under {@code <workspace>/.tern/metrics/}. */
    public static PerfTracker open(Path workspace, PriceTable prices, Metrics metrics, Options options) {
        return new PerfTracker(workspace.resolve(".tern").resolve("metrics"), prices, metrics, options);
    }

    /**
     * @param dir    the metrics folder
     * @param prices prices of model calls (null: costs are 0)
     */
    public PerfTracker(Path dir, PriceTable prices, Metrics metrics, Options options) {
        this.prices = prices;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.calls = new RingBuffer<>(options.capacity());
        this.runs = new RingBuffer<>(options.capacity());
        this.callLog = new JsonlLog(dir.resolve("calls.jsonl"), options.maxFileBytes(), options.keepFiles());
        this.runLog = new JsonlLog(dir.resolve("runs.jsonl"), options.maxFileBytes(), options.keepFiles());
        int maxOpen = Math.max(64, options.capacity());
        this.open = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, OpenRun> e) { return size() > maxOpen; }
        };
        marks.put("calls", mark(callLog.file()));
        marks.put("runs", mark(runLog.file()));
    }

    // ---- recording at the gateway ----

    @Override
    public ChatResponse intercept(ChatRequest request, CallContext call, Chain next) {
        long start = System.nanoTime();
        CallRecord.Source source = RequestTags.isTrue(request.metadata(), RequestTags.BATCH) ? CallRecord.Source.BATCH
                : CallRecord.Source.PROVIDER;
        ChatResponse r;
        try {
            r = next.proceed(request);
        } catch (ModelException e) {
            record(call, request.model(), source, false, e.kind().name(), start, Usage.ZERO, 0, 0, 0);
            throw e;
        }
        String model = r.model() != null ? r.model() : request.model();
        record(call, model, source, true, null, start, r.usage(), cost(request, r, model), 0, r.message().toolCalls().size());
        return r;
    }

    /** An answer the response cache served (or an identical call in flight shared). */
    public void cacheServed(CallContext call, ChatRequest request, ChatResponse original, double savedUsd, boolean coalesced,
                            long waitNanos) {
        String model = original.model() != null ? original.model() : request.model();
        record(call, model, coalesced ? CallRecord.Source.COALESCED : CallRecord.Source.CACHE, true, null,
                System.nanoTime() - waitNanos, Usage.ZERO, 0, savedUsd, original.message().toolCalls().size());
    }

    private void record(CallContext call, String model, CallRecord.Source source, boolean ok, String error, long startNanos,
                        Usage u, double cost, double saved, int toolCalls) {
        RunContext run = call == null ? null : call.run();
        String runId = run == null ? null : run.runId();
        if (runId != null) {
            boolean listen;
            synchronized (open) {
                OpenRun o = open.get(runId);
                open.put(runId, new OpenRun(run.sessionId(), model, (o == null ? 0 : o.cacheHits()) + (source.reused() ? 1 : 0)));
                listen = listening.add(run.events());
            }
            // the run's end is heard on its own event sink, whoever built the agent (workflows, sub-agents included)
            if (listen) run.events().add(this);
        }
        record(new CallRecord(Instant.now(), runId, run == null ? null : run.agent(), run == null ? null : run.sessionId(),
                model, source, ok, error, (System.nanoTime() - startNanos) / 1000, u.inputTokens(), u.outputTokens(),
                u.cacheReadTokens(), u.cacheWriteTokens(), cost, saved, toolCalls));
    }

    private double cost(ChatRequest request, ChatResponse r, String model) {
        if (prices == null) return 0;
        String priced = prices.price(model).isPresent() ? model : request.model();
        return prices.cost(priced, r.usage(), request.caching().ttl(), RequestTags.isTrue(request.metadata(), RequestTags.BATCH)).total();
    }

    // ---- recording runs ----

    @Override
    public void onEvent(AgentEvent e) {
        if (!(e instanceof AgentEvent.RunFinished f)) return;
        OpenRun o;
        synchronized (open) {
            o = open.remove(f.runId());
        }
        RunResult r = f.result();
        Usage u = r.usage();
        record(new RunRecord(Instant.now(), f.runId(), f.agent(), o == null ? null : o.session(), o == null ? null : o.model(),
                r.outcome().name().toLowerCase(Locale.ROOT), r.reason(), r.iterations(), r.toolCalls(), r.wall().toMillis(),
                u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), r.costUsd(),
                o == null ? 0 : o.cacheHits()));
    }

    /** Records a call (the gateway does; public for replays and benchmarks). */
    public void record(CallRecord c) {
        calls.add(c);
        metrics.counter("tracker.calls").increment();
        write(callLog, c.toJsonLine());
    }

    public void record(RunRecord r) {
        runs.add(r);
        metrics.counter("tracker.runs").increment();
        write(runLog, r.toJsonLine());
    }

    private void write(JsonlLog log, String line) {
        try {
            log.append(line);
        } catch (IOException | RuntimeException e) {
            writeErrors.increment();
            metrics.counter("tracker.write_errors").increment();
            lastWriteError = "cannot append to " + log.file() + ": " + e.getMessage();
        }
    }

    // ---- reading ----

    /** The last {@code capacity} calls, oldest first (those of earlier processes included). */
    public List<CallRecord> recentCalls() {
        loadOnce();
        return calls.snapshot();
    }

    /** The last {@code capacity} runs, oldest first. */
    public List<RunRecord> recentRuns() {
        loadOnce();
        return runs.snapshot();
    }

    private synchronized void loadOnce() {
        if (loaded) return;
        loaded = true;
        calls.prepend(load(callLog, marks.get("calls"), calls.capacity() - calls.size(), CallRecord::fromJson));
        runs.prepend(load(runLog, marks.get("runs"), runs.capacity() - runs.size(), RunRecord::fromJson));
    }

    /** The last {@code n} records written before this tracker started, oldest first; unreadable lines are skipped. */
    private <T> List<T> load(JsonlLog log, Mark mark, int n, Function<tools.jackson.databind.JsonNode, T> parse) {
        List<T> out = new ArrayList<>();
        if (mark == null || n <= 0) return out;
        List<ReverseLines.Segment> segments = new ArrayList<>();
        boolean found = false;
        for (Path f : log.files()) {
            Mark m = mark(f);
            if (!found && m != null && m.fileKey().equals(mark.fileKey())) {
                found = true;
                segments.add(new ReverseLines.Segment(f, mark.size()));
            } else if (found) {
                segments.add(ReverseLines.Segment.whole(f));
            }
        }
        try {
            for (String line : ReverseLines.last(segments, n)) {
                try {
                    out.add(parse.apply(Json.parse(line)));
                } catch (RuntimeException bad) {
                    metrics.counter("tracker.bad_lines").increment();
                }
            }
        } catch (IOException e) {
            writeErrors.increment();
            lastWriteError = "cannot read " + log.file() + ": " + e.getMessage();
        }
        return out;
    }

    private static Mark mark(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return new Mark(a.fileKey() != null ? a.fileKey() : a.creationTime(), a.size());
        } catch (IOException e) {
            return null;
        }
    }

    /** The call and run files under a metrics folder ({@code .tern/metrics}), newest first; for {@link PerfQuery}. */
    public static List<Path> callFiles(Path metricsDir) { return JsonlLog.files(metricsDir.resolve("calls.jsonl")); }

    public static List<Path> runFiles(Path metricsDir) { return JsonlLog.files(metricsDir.resolve("runs.jsonl")); }

    /** The files of each kind, newest first, for queries over everything recorded ({@code tern perf}). */
    public List<Path> callFiles() { return callLog.files(); }

    public List<Path> runFiles() { return runLog.files(); }

    /** Records that could not be written (or read), and the latest reason. */
    public long writeErrors() { return writeErrors.sum(); }

    public String lastWriteError() { return lastWriteError; }

    /** Runs being tracked now (bounded). */
    public int openRuns() {
        synchronized (open) {
            return open.size();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            callLog.close();
        } finally {
            runLog.close();
        }
    }
}
