package dev.tern.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PromptCacheBoundTest {

    @Test
    void fullCacheEvictsTheOldestEntriesNotEverything() {
        AtomicLong now = new AtomicLong(1_000_000);
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        PromptCache cache = new PromptCache(clock, 8, 50);
        byte[] base = "x".repeat(64).getBytes(StandardCharsets.UTF_8); // 16 tokens: one prefix entry each
        for (int i = 0; i < 200; i++) {
            now.addAndGet(10);
            cache.openAi("k" + i, "m", base);
            assertThat(cache.size()).isLessThanOrEqualTo(50);
        }
        // the newest prompts are still cached, the oldest were evicted
        assertThat(cache.openAi("k199", "m", base).read()).isEqualTo(8);
        assertThat(cache.openAi("k0", "m", base).read()).isZero();
    }
}
