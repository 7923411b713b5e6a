package dev.tern.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded {@link RateLimitStore}: one state per account, in memory. */
public final class MemoryRateLimitStore implements RateLimitStore {

    private final Map<String, State> states = new ConcurrentHashMap<>();

    @Override
    public State get(String account) { return states.getOrDefault(account, State.UNKNOWN); }

    @Override
    public void observe(String account, State state) {
        states.merge(account, state, (old, now) -> now.observedAt().isBefore(old.observedAt()) ? old : now);
    }

    @Override
    public Duration reserve(String account, long tokens, Instant now) {
        Duration[] wait = {Duration.ZERO};
        states.computeIfPresent(account, (k, s) -> {
            Instant until = s.blockedUntil();
            if (until != null && until.isAfter(now)) {
                wait[0] = Duration.between(now, until);
                return s;
            }
            long req = s.remainingRequests();
            long tok = s.remainingTokens();
            Instant reset = null;
            if (req == 0 && s.requestsReset() != null && s.requestsReset().isAfter(now)) reset = s.requestsReset();
            if (tok >= 0 && tok < tokens && s.tokensReset() != null && s.tokensReset().isAfter(now)) {
                reset = reset == null || s.tokensReset().isAfter(reset) ? s.tokensReset() : reset;
            }
            if (reset != null) {
                wait[0] = Duration.between(now, reset);
                return s;
            }
            boolean windowOver = s.requestsReset() != null && !s.requestsReset().isAfter(now);
            return new State(req > 0 ? req - 1 : windowOver ? -1 : req, windowOver ? null : s.requestsReset(),
                    tok >= 0 ? Math.max(0, tok - tokens) : tok, s.tokensReset(), null, s.observedAt());
        });
        return wait[0];
    }
}
