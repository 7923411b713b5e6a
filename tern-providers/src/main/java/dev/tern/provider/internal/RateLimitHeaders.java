package dev.tern.provider.internal;

import dev.tern.http.Headers;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what providers say about waiting: {@code retry-after-ms}, {@code Retry-After} (seconds or
 * HTTP date), OpenAI's {@code x-ratelimit-remaining-*}/{@code x-ratelimit-reset-*} (durations like
 * "1s", "6m0s", "20ms") and Anthropic's {@code anthropic-ratelimit-*-remaining}/{@code -reset}
 * (RFC 3339 instants). Pure functions; unparsable values are ignored.
 */
public final class RateLimitHeaders {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");
    /** Header name pairs (remaining, reset), built once: this runs on every response. */
    private static final String[][] OPENAI = pairs(new String[] {"requests", "tokens"}, "x-ratelimit-remaining-%s", "x-ratelimit-reset-%s");
    private static final String[][] ANTHROPIC = pairs(new String[] {"requests", "tokens", "input-tokens", "output-tokens"},
            "anthropic-ratelimit-%s-remaining", "anthropic-ratelimit-%s-reset");

    private static String[][] pairs(String[] kinds, String remaining, String reset) {
        String[][] out = new String[kinds.length][];
        for (int i = 0; i < kinds.length; i++) out[i] = new String[] {remaining.formatted(kinds[i]), reset.formatted(kinds[i])};
        return out;
    }

    private RateLimitHeaders() { }

    /** How long the server asked us to wait before retrying, or null if it did not say. */
    public static Duration retryAfter(Headers headers, Instant now) {
        String ms = headers.firstValue("retry-after-ms").orElse(null);
        if (ms != null) {
            try {
                double v = Double.parseDouble(ms.strip());
                if (v >= 0 && Double.isFinite(v)) return Duration.ofNanos((long) (v * 1_000_000));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String ra = headers.firstValue("retry-after").orElse(null);
        return ra == null ? null : parseRetryAfter(ra, now);
    }

    /** {@code Retry-After} value: delta seconds (integer or decimal) or an HTTP date. */
    public static Duration parseRetryAfter(String value, Instant now) {
        String v = value.strip();
        try {
            double secs = Double.parseDouble(v);
            return secs < 0 || !Double.isFinite(secs) ? null : Duration.ofNanos((long) (secs * 1e9));
        } catch (NumberFormatException ignored) {
            // an HTTP date
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A Go-style duration as OpenAI sends it ("1s", "6m0s", "20ms", "1h2m3.5s"), or null. */
    public static Duration parseGoDuration(String value) {
        String v = value.strip();
        if (v.isEmpty()) return null;
        Matcher m = DURATION_PART.matcher(v);
        int pos = 0;
        double nanos = 0;
        while (m.find()) {
            if (m.start() != pos) return null;
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            pos = m.end();
        }
        if (pos != v.length()) {
            try {
                return Duration.ofNanos((long) (Double.parseDouble(v) * 1e9)); // bare seconds
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return Duration.ofNanos((long) nanos);
    }

    /**
     * When a rate-limit header says a budget is exhausted (remaining == 0), how long until it resets;
     * the longest of all exhausted budgets. Null when nothing is exhausted.
     */
    public static Duration exhaustedFor(Headers headers, Instant now) {
        Duration longest = null;
        for (String[] h : OPENAI) {
            if (isZero(headers, h[0])) {
                String reset = headers.first(h[1]);
                longest = max(longest, reset == null ? null : parseGoDuration(reset));
            }
        }
        for (String[] h : ANTHROPIC) {
            if (isZero(headers, h[0])) {
                String reset = headers.first(h[1]);
                longest = max(longest, reset == null ? null : untilRfc3339(reset, now));
            }
        }
        return longest;
    }

    static Duration untilRfc3339(String value, Instant now) {
        try {
            Duration d = Duration.between(now, OffsetDateTime.parse(value.strip()).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isZero(Headers headers, String name) {
        String v = headers.first(name);
        return v != null && v.strip().equals("0");
    }

    private static Duration max(Duration a, Duration b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }
}
