package dev.tern.memory.tracker;

import dev.tern.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Reads what the tracker wrote and aggregates it: the files are read from the newest line backwards
 * and the reading stops at the first record older than {@code since}, so a query over the last day
 * costs the last day's lines whatever the history. Memory is that of the {@link PerfSummary}.
 *
 * @param since only records at or after this instant (null: everything kept)
 * @param agent only this agent's records (null: all)
 */
public record PerfQuery(Instant since, String agent) {

    /** What a query found. */
    public record Result(PerfSummary summary, long calls, long runs, long badLines) { }

    public Result run(List<Path> callFilesNewestFirst, List<Path> runFilesNewestFirst) throws IOException {
        PerfSummary s = new PerfSummary();
        long[] counts = new long[3];
        scan(callFilesNewestFirst, n -> {
            CallRecord c = CallRecord.fromJson(n);
            if (c.at().isBefore(since == null ? Instant.MIN : since)) return false;
            if (agent == null || agent.equals(c.agent())) {
                s.add(c);
                counts[0]++;
            }
            return true;
        }, counts);
        scan(runFilesNewestFirst, n -> {
            RunRecord r = RunRecord.fromJson(n);
            if (r.at().isBefore(since == null ? Instant.MIN : since)) return false;
            if (agent == null || agent.equals(r.agent())) {
                s.add(r);
                counts[1]++;
            }
            return true;
        }, counts);
        return new Result(s, counts[0], counts[1], counts[2]);
    }

    /** The tracker's files of a workspace ({@code .tern/metrics}). */
    public Result run(PerfTracker tracker) throws IOException {
        return run(tracker.callFiles(), tracker.runFiles());
    }

    private static void scan(List<Path> files, Predicate<JsonNode> record, long[] counts) throws IOException {
        ReverseLines.read(files.stream().map(ReverseLines.Segment::whole).toList(), line -> {
            JsonNode n;
            try {
                n = Json.parse(line);
                return record.test(n);
            } catch (RuntimeException bad) {
                counts[2]++; // a line that is not a record (hand-edited, or from a newer version): skipped
                return true;
            }
        });
    }
}
