package dev.tern.cli;

import dev.tern.runtime.WorkspaceRuntime;

import dev.tern.run.RunResult;

/** The {@code --stats} summary of a run. */
final class Stats {

    private Stats() { }

    static String line(RunResult r, WorkspaceRuntime tern) {
        var u = r.usage();
        return String.format("stats: %s in %.2fs, %d model calls, %d tool calls; tokens %d in (%d cache read, %d cache write) / %d out; cost $%.4f%n",
                r.outcome().name().toLowerCase(), r.wall().toMillis() / 1000.0, r.iterations(), r.toolCalls(),
                u.totalInputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), u.outputTokens(), r.costUsd())
                + PerfReport.perf(tern.metrics().snapshot(), tern.costs().total().costUsd(), tern.costs().total().netCacheSavingsUsd())
                + PerfReport.responseLines(tern, tern.metrics().snapshot());
    }
}
