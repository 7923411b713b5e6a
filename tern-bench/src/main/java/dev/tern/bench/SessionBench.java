package dev.tern.bench;

import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import dev.tern.model.UserMessage;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.workspace.session.FileSession;
import dev.tern.workspace.session.FileSessionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Measures the O(1) append claim: bytes written and time of appending message #{@code small} vs
 * #{@code large} to a session. Both sessions are prefilled, then {@code samples} appends of the same
 * message alternate between them; the result compares medians.
 */
public final class SessionBench {

    private SessionBench() { }

    /**
     * @param small       index of the message appended to the short session (e.g. 10)
     * @param large       index of the message appended to the long session (e.g. 10 000)
     * @param smallNanos  median time of one append to the short session
     * @param largeNanos  median time of one append to the long session
     * @param smallBytes  bytes written by one append to the short session
     * @param largeBytes  bytes written by one append to the long session
     * @param samples     appends measured per session
     */
    public record Result(int small, int large, long smallNanos, long largeNanos, long smallBytes, long largeBytes, int samples) {
        public double timeRatio() { return (double) largeNanos / Math.max(1, smallNanos); }

        public double bytesRatio() { return (double) largeBytes / Math.max(1, smallBytes); }

        @Override
        public String toString() {
            return String.format("session append #%d vs #%d: %d vs %d bytes (ratio %.2f), median %.1f vs %.1f µs (ratio %.2f), %d samples",
                    small, large, smallBytes, largeBytes, bytesRatio(), smallNanos / 1e3, largeNanos / 1e3, timeRatio(), samples);
        }
    }

    /** Runs the measurement in {@code dir} (a scratch folder) with the given fsync policy. */
    public static Result run(Path dir, int small, int large, int samples, FsyncPolicy policy) {
        try (FileSessionStore store = new FileSessionStore(dir, policy, Duration.ofMillis(200), Clock.systemUTC())) {
            FileSession s = store.open("bench-small");
            FileSession l = store.open("bench-large");
            for (int i = 0; i < small - 1; i++) s.append(filler(i));
            for (int i = 0; i < large - 1; i++) l.append(filler(i));
            Message probe = new UserMessage("x".repeat(400));
            FileSession warm = store.open("bench-warmup");
            for (int i = 0; i < 2000; i++) warm.append(probe);
            long[] ts = new long[samples];
            long[] tl = new long[samples];
            long bs = 0;
            long bl = 0;
            for (int i = 0; i < samples; i++) {
                long b0 = s.bytesWritten();
                long t0 = System.nanoTime();
                s.append(probe);
                ts[i] = System.nanoTime() - t0;
                bs = s.bytesWritten() - b0;
                long b1 = l.bytesWritten();
                long t1 = System.nanoTime();
                l.append(probe);
                tl[i] = System.nanoTime() - t1;
                bl = l.bytesWritten() - b1;
            }
            return new Result(small, large, median(ts), median(tl), bs, bl, samples);
        }
    }

    private static Message filler(int i) {
        return i % 2 == 0 ? new UserMessage("question " + i + " " + "y".repeat(300))
                : new AssistantMessage("answer " + i, List.of(new ToolCall("call_" + i, "read_file", "{\"path\":\"f" + i + ".txt\"}")));
    }

    private static long median(long[] a) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
