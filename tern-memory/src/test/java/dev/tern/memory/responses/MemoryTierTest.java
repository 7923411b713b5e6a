package dev.tern.memory.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatResponse;
import dev.tern.model.StopReason;
import dev.tern.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory tier's byte bound and its eviction order: fewest hits first, oldest first among equals. */
class MemoryTierTest {

    static CachedAnswer answer(String key, long created) {
        return new CachedAnswer(key, new ChatResponse(AssistantMessage.ofText("x".repeat(100)), Usage.ZERO, StopReason.END_TURN,
                "m", null), 0, created, Long.MAX_VALUE);
    }

    static final int ENCODED = 200;
    /** Every key has 6 characters, so every entry weighs the same. */
    static final long WEIGHT = ENCODED + 32 + MemoryTier.OVERHEAD + 2 * 6;

    static String id(String s) { return (s + "______").substring(0, 6); }

    MemoryTier tier(int entries) { return new MemoryTier(entries * WEIGHT); }

    List<String> evictedBy(MemoryTier t, String key, long created) {
        return t.put(answer(id(key), created), new byte[32], ENCODED).stream().map(s -> s.answer.key().replace("_", "")).toList();
    }

    static MemoryTier.Slot hit(MemoryTier t, String key) { return t.hit(id(key)); }

    @Test
    void evictsTheEntriesWithTheFewestHitsOldestFirst() {
        MemoryTier t = tier(4);
        for (int i = 0; i < 4; i++) evictedBy(t, "k" + i, i);
        hit(t, "k0");
        hit(t, "k0");
        hit(t, "k2");

        assertThat(evictedBy(t, "k4", 10)).containsExactly("k1"); // 0 hits, oldest
        assertThat(evictedBy(t, "k5", 11)).containsExactly("k3"); // 0 hits, older than k4
        assertThat(evictedBy(t, "k6", 12)).containsExactly("k4");
        hit(t, "k5");
        hit(t, "k5");
        hit(t, "k5");
        assertThat(evictedBy(t, "k7", 13)).containsExactly("k6");
        assertThat(evictedBy(t, "k8", 14)).containsExactly("k7");
        hit(t, "k8");
        hit(t, "k8");
        // k2 has 1 hit, k0 2, k8 2, k5 3: k2 goes, then k0 (older than k8)
        assertThat(evictedBy(t, "k9", 15)).containsExactly("k2");
        assertThat(evictedBy(t, "k10", 16)).containsExactly("k9");
        assertThat(t.size()).isEqualTo(4);
        assertThat(t.bytes()).isLessThanOrEqualTo(4 * WEIGHT);
    }

    @Test
    void aNewEntryIsNeverEvictedByItsOwnInsertion() {
        MemoryTier t = tier(2);
        evictedBy(t, "a", 1);
        evictedBy(t, "b", 2);
        for (int i = 0; i < 5; i++) {
            hit(t, "a");
            hit(t, "b");
        }
        assertThat(evictedBy(t, "c", 3)).containsExactly("a");
        assertThat(hit(t, "c")).isNotNull();
    }

    @Test
    void oneLargeInsertEvictsSeveralAndAnEntryLargerThanTheBoundIsNotStored() {
        MemoryTier t = tier(4);
        for (int i = 0; i < 4; i++) evictedBy(t, "k" + i, i);
        List<MemoryTier.Slot> out = t.put(answer(id("big"), 9), new byte[32], (int) (2 * WEIGHT));
        assertThat(out).extracting(s -> s.answer.key().replace("_", "")).containsExactly("k0", "k1", "k2");
        assertThat(t.put(answer(id("huge"), 10), new byte[32], (int) (5 * WEIGHT))).isEmpty();
        assertThat(hit(t, "huge")).isNull();
    }

    @Test
    void replacingAndRemovingKeepTheByteCountExact() {
        MemoryTier t = tier(10);
        evictedBy(t, "a", 1);
        evictedBy(t, "a", 2);
        assertThat(t.size()).isEqualTo(1);
        assertThat(t.bytes()).isEqualTo(WEIGHT);
        MemoryTier.Slot s = hit(t, "a");
        assertThat(t.remove(id("a"), s)).isTrue();
        assertThat(t.remove(id("a"), s)).isFalse();
        assertThat(t.bytes()).isZero();
        // stale heap nodes of removed entries never cause a live entry to be skipped
        for (int i = 0; i < 3000; i++) {
            evictedBy(t, "x" + i, i);
            t.remove(id("x" + i), hit(t, "x" + i));
        }
        for (int i = 0; i < 11; i++) evictedBy(t, "y" + i, 10_000 + i);
        assertThat(t.size()).isEqualTo(10);
        assertThat(hit(t, "y0")).isNull();
    }
}
