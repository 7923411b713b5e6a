package dev.tern.sim;

/**
 * A fault the simulator injects instead of (or in the middle of) a normal answer.
 *
 * @param type           what goes wrong
 * @param status         HTTP status for {@link Type#STATUS} (429, 500, 503, 529, ...)
 * @param retryAfter     value of the {@code retry-after} header in seconds, or null for none
 * @param retryAfterMs   value of the {@code retry-after-ms} header, negative for none
 * @param retryAfterDate send {@code retry-after} as an HTTP date instead of seconds
 * @param times          only the first N requests reaching this fault fail (per scenario, step and
 *                       conversation for step faults; globally for server-wide faults); 0 = always
 * @param afterTokens    for stall/reset: output tokens sent before the fault strikes
 * @param ms             for stall/slow_headers: how long to hang
 * @param probability    chance per request in [0,1] (server-wide faults; step faults use 1)
 */
public record Fault(Type type, int status, String retryAfter, long retryAfterMs, boolean retryAfterDate,
                    int times, int afterTokens, long ms, double probability) {

    public enum Type {
        STATUS, STALL, RESET, GARBAGE, SLOW_HEADERS;

        public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

        public static Type parse(String s) {
            for (Type t : values()) if (t.wireName().equals(s)) return t;
            throw new IllegalArgumentException("unknown fault type '" + s
                    + "' (expected status, stall, reset, garbage or slow_headers)");
        }
    }

    public Fault {
        if (type == null) throw new IllegalArgumentException("fault type is required");
        if (type == Type.STATUS && (status < 400 || status > 599))
            throw new IllegalArgumentException("status fault needs a status 400..599, got " + status);
        if (times < 0) throw new IllegalArgumentException("fault times must be >= 0");
        if (retryAfter != null && retryAfterDate && !retryAfter.matches("\\d+(\\.\\d+)?"))
            throw new IllegalArgumentException("retryAfterDate needs retryAfter in seconds, got '" + retryAfter + "'");
        if (probability < 0 || probability > 1) throw new IllegalArgumentException("fault probability must be in [0,1]");
    }

    public static Fault status(int status) { return new Fault(Type.STATUS, status, null, -1, false, 0, 0, 0, 1); }

    public static Fault stall(int afterTokens, long ms) { return new Fault(Type.STALL, 0, null, -1, false, 0, afterTokens, ms, 1); }

    public static Fault reset(int afterTokens) { return new Fault(Type.RESET, 0, null, -1, false, 0, afterTokens, 0, 1); }

    public static Fault garbage() { return new Fault(Type.GARBAGE, 0, null, -1, false, 0, 0, 0, 1); }

    public static Fault slowHeaders(long ms) { return new Fault(Type.SLOW_HEADERS, 0, null, -1, false, 0, 0, ms, 1); }

    public Fault withTimes(int n) { return new Fault(type, status, retryAfter, retryAfterMs, retryAfterDate, n, afterTokens, ms, probability); }

    public Fault withRetryAfter(String seconds) { return new Fault(type, status, seconds, retryAfterMs, retryAfterDate, times, afterTokens, ms, probability); }

    public Fault withProbability(double p) { return new Fault(type, status, retryAfter, retryAfterMs, retryAfterDate, times, afterTokens, ms, p); }
}
