package dev.tern.http;

import java.time.Duration;
import java.util.Locale;

/** Human-readable durations for one-line messages: "250 ms", "1.5 s". */
public final class Durations {
    private Durations() { }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
