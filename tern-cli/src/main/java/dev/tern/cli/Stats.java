package dev.tern.cli;

import dev.tern.runtime.WorkspaceRuntime;

import dev.tern.run.RunResult;

/** The {@code --stats} summary of a run. */
final class Stats {

    private Stats() { }

    static String line(RunResult r, WorkspaceRuntime tern, boolean costKnown) {
        var u = r.usage();
        String cost = costKnown ? String.format("$%.4f", r.costUsd())
                : "unknown (no price for " + String.join(", ", tern.unpricedModels()) + ")";
        return String.format("stats: %s in %.2fs, %s, %s; tokens %d in (%d cache read, %d cache write) / %d out; cost %s%n",
                r.outcome().name().toLowerCase(), r.wall().toMillis() / 1000.0, plural(r.iterations(), "model call"),
                plural(r.toolCalls(), "tool call"), u.totalInputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(),
                u.outputTokens(), cost)
                + PerfReport.perf(tern.metrics().snapshot(), tern.costs().total().costUsd(), tern.costs().total().netCacheSavingsUsd(),
                        costKnown ? null : tern.unpricedModels())
                + PerfReport.responseLines(tern, tern.metrics().snapshot());
    }

    /** "1 tool call", "2 tool calls". */
    static String plural(long n, String what) { return n + " " + what + (n == 1 ? "" : "s"); }
}
