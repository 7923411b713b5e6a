package dev.tern.sim.engine;

import dev.tern.sim.Fault;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Decides whether a fault fires: probability draw, then the {@code times} budget per key. */
public final class FaultGate {

    private final List<Fault> serverWide;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public FaultGate(List<Fault> serverWide) {
        this.serverWide = List.copyOf(serverWide);
    }

    /** The first server-wide fault that fires for this request, or null. */
    public Fault serverWide() {
        for (int i = 0; i < serverWide.size(); i++) {
            Fault f = serverWide.get(i);
            if (fires(f, "server#" + i)) return f;
        }
        return null;
    }

    /** Whether {@code f} (nullable) fires now for {@code key}. */
    public boolean fires(Fault f, String key) {
        if (f == null) return false;
        if (f.probability() < 1 && ThreadLocalRandom.current().nextDouble() >= f.probability()) return false;
        if (f.times() == 0) return true;
        return counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= f.times();
    }

    /** Forgets every {@code times} counter. */
    public void reset() { counts.clear(); }
}
