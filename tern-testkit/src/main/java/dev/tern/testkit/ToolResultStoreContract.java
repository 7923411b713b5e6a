package dev.tern.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.cache.ToolResultStore;
import dev.tern.cache.ToolResultStore.Entry;
import dev.tern.cache.ToolResultStore.Flight;
import dev.tern.cache.ToolResultStore.Landing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link ToolResultStore} must do (memory, Redis, ...). */
public abstract class ToolResultStoreContract {

    /** A store bounded by {@code maxBytes}. */
    protected abstract ToolResultStore store(long maxBytes);

    private static Entry entry(String key, String tool, String resource, long bytes, long expiresAt) {
        return new Entry(key, tool, "content of " + key, resource, bytes, expiresAt, 1_000_000);
    }

    @Test
    void storesAndExpires() {
        ToolResultStore s = store(10_000);
        s.put(entry("k1", "read_file", "file:/a", 100, 1_000));
        assertThat(s.get("k1", 999, new ArrayList<>())).isNotNull().extracting(Entry::content).isEqualTo("content of k1");
        List<Entry> expired = new ArrayList<>();
        assertThat(s.get("k1", 1_000, expired)).isNull();
        assertThat(expired).extracting(Entry::key).containsExactly("k1");
        assertThat(s.size()).isZero();
        assertThat(s.bytes()).isZero();
    }

    @Test
    void staysWithinItsByteBoundEvictingTheLeastRecentlyUsed() {
        ToolResultStore s = store(300);
        s.put(entry("a", "t", null, 100, Long.MAX_VALUE));
        s.put(entry("b", "t", null, 100, Long.MAX_VALUE));
        s.put(entry("c", "t", null, 100, Long.MAX_VALUE));
        s.get("a", 0, new ArrayList<>()); // a is now more recent than b
        ToolResultStore.Put p = s.put(entry("d", "t", null, 100, Long.MAX_VALUE));
        assertThat(p.stored()).isTrue();
        assertThat(p.evicted()).extracting(Entry::key).containsExactly("b");
        assertThat(s.bytes()).isLessThanOrEqualTo(300);
        assertThat(s.put(entry("huge", "t", null, 301, Long.MAX_VALUE)).stored()).as("larger than the bound").isFalse();
        assertThat(s.get("huge", 0, new ArrayList<>())).isNull();
    }

    @Test
    void invalidatesByResourceByToolAndEverythingWithAResource() {
        ToolResultStore s = store(10_000);
        s.put(entry("r1", "read_file", "file:/a", 10, Long.MAX_VALUE));
        s.put(entry("r2", "read_file", "file:/b", 10, Long.MAX_VALUE));
        s.put(entry("w1", "web_fetch", null, 10, Long.MAX_VALUE));
        s.put(entry("m1", "mcp_fs_read", "file:/a", 10, Long.MAX_VALUE));
        assertThat(s.invalidateResource("file:/a")).extracting(Entry::key).containsExactlyInAnyOrder("r1", "m1");
        assertThat(s.invalidateTools(t -> t.startsWith("web_"))).extracting(Entry::key).containsExactly("w1");
        s.put(entry("w2", "web_fetch", null, 10, Long.MAX_VALUE));
        assertThat(s.invalidateAllResources()).extracting(Entry::key).containsExactly("r2");
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.bytes()).isEqualTo(10);
    }

    @Test
    void identicalCallsInFlightHaveOneLeaderAndTheOthersGetItsLanding() throws Exception {
        ToolResultStore s = store(10_000);
        Flight leader = s.join("k");
        assertThat(leader.leader()).isTrue();
        int followers = 20;
        CountDownLatch joined = new CountDownLatch(followers);
        AtomicInteger leaders = new AtomicInteger();
        List<CompletableFuture<Landing>> waits = new ArrayList<>();
        for (int i = 0; i < followers; i++) {
            waits.add(CompletableFuture.supplyAsync(() -> {
                Flight f = s.join("k");
                if (f.leader()) leaders.incrementAndGet();
                joined.countDown();
                try {
                    return f.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        assertThat(joined.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(leaders).hasValue(0);
        assertThat(s.inFlight()).isEqualTo(1);
        leader.land(new Landing("the answer", false));
        for (CompletableFuture<Landing> w : waits) assertThat(w.get(10, TimeUnit.SECONDS)).isEqualTo(new Landing("the answer", false));
        assertThat(s.inFlight()).isZero();
        assertThat(s.join("k").leader()).as("a new flight after landing").isTrue();
    }

    @Test
    void followersOfAFailedLeaderGetItsFailure() throws Exception {
        ToolResultStore s = store(10_000);
        Flight leader = s.join("k");
        Flight follower = s.join("k");
        assertThat(follower.leader()).isFalse();
        leader.abort(new IllegalStateException("disk on fire"));
        assertThatThrownBy(follower::await).hasMessageContaining("disk on fire");
        assertThat(s.inFlight()).isZero();
    }
}
