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
    private static final String[] OPENAI_KINDS = {"requests", "tokens"};
    private static final String[] ANTHROPIC_KINDS = {"requests", "tokens", "input-tokens", "output-tokens"};

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
        for (String kind : OPENAI_KINDS) {
            if (isZero(headers, "x-ratelimit-remaining-" + kind)) {
                Duration d = headers.firstValue("x-ratelimit-reset-" + kind).map(RateLimitHeaders::parseGoDuration)
                        .orElse(null);
                longest = max(longest, d);
            }
        }
        for (String kind : ANTHROPIC_KINDS) {
            if (isZero(headers, "anthropic-ratelimit-" + kind + "-remaining")) {
                Duration d = headers.firstValue("anthropic-ratelimit-" + kind + "-reset")
                        .map(s -> untilRfc3339(s, now)).orElse(null);
                longest = max(longest, d);
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
        return headers.firstValue(name).map(String::strip).map(v -> v.equals("0")).orElse(false);
    }

    private static Duration max(Duration a, Duration b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }
}
