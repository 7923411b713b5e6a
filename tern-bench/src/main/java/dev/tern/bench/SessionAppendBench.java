package dev.tern.bench;

import dev.tern.workspace.session.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;

/** SPEC "session append": bytes written and time to append message #10 000 vs #10 (O(1) append). */
public final class SessionAppendBench {

    public BenchReport run(int samples) throws Exception {
        BenchReport.Builder b = new BenchReport.Builder("session", "append message #10 000 vs #10 to a JSONL session",
                "tern bench session");
        for (FsyncPolicy policy : new FsyncPolicy[] {FsyncPolicy.BATCH, FsyncPolicy.ALWAYS}) {
            Path dir = Files.createTempDirectory("tern-bench-session");
            SessionBench.Result r = SessionBench.run(dir, 10, 10_000, policy == FsyncPolicy.ALWAYS ? Math.min(samples, 300) : samples, policy);
            String p = policy.name().toLowerCase();
            b.row(p + ": bytes written, #10 vs #10 000", r.smallBytes() + " vs " + r.largeBytes() + " B");
            b.row(p + ": bytes ratio", String.format("%.2f", r.bytesRatio()), "≤ 1.1", r.bytesRatio() <= 1.1);
            b.row(p + ": median append time, #10 vs #10 000", String.format("%.1f vs %.1f µs", r.smallNanos() / 1e3, r.largeNanos() / 1e3));
            b.row(p + ": time ratio", String.format("%.2f", r.timeRatio()), "≤ 1.1", r.timeRatio() <= 1.1);
        }
        return b.note("each append writes exactly one JSON line to an open log; metadata lives in a side file replaced atomically")
                .note("batch = group commit (one fsync per 200 ms window); always = fsync per append")
                .build();
    }
}
