package dev.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemorySpeedTest {

    @Test
    void theChainIsOneCycleThroughEverySlot() {
        int n = 1000;
        MemorySpeed speed = new MemorySpeed(n);
        int start = speed.chase(0);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) seen.add(speed.chase(1));
        assertThat(seen).hasSize(n); // every slot once: no shorter cycle that would stay in the cache
        assertThat(speed.chase(0)).isEqualTo(start);
    }

    @Test
    void theProbeMeasuresThreadCpu() {
        assertThat(new MemorySpeed(1 << 16).probeMillis()).isGreaterThanOrEqualTo(0);
    }
}
