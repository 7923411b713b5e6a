package dev.tern.embed.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tern.embed.EmbeddingException;
import dev.tern.embed.onnx.OnnxEmbedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingEmbedderTest {

    @Test
    void countsHitsAndMissesAndNeverEmbedsATextTwice() {
        RecordingEmbedder model = new RecordingEmbedder(8);
        CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.memoryOnly());
        cache.embedAll(List.of("a", "b", "c"));
        cache.embedAll(List.of("b", "c", "d"));
        cache.embed("a");
        CachingEmbedder.Stats s = cache.stats();
        assertThat(s.requests()).isEqualTo(7);
        assertThat(s.embedded()).isEqualTo(4);
        assertThat(s.memoryHits()).isEqualTo(3);
        assertThat(s.batches()).isEqualTo(2);
        assertThat(model.calls).containsExactly(List.of("a", "b", "c"), List.of("d"));
        assertThat(cache.embed("b")).containsExactly(RecordingEmbedder.vectorOf("b", 8));
    }

    @Test
    void duplicatesInsideOneBatchAreEmbeddedOnceAndAnswerEveryPosition() {
        RecordingEmbedder model = new RecordingEmbedder(4);
        CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.memoryOnly());
        List<float[]> v = cache.embedAll(List.of("x", "y", "x", "x", "y"));
        assertThat(model.calls).containsExactly(List.of("x", "y"));
        assertThat(v.get(2)).containsExactly(v.get(0));
        assertThat(v.get(4)).containsExactly(v.get(1));
    }

    @Test
    void fiftyConcurrentRequestsForOneTextCauseOneEmbedding() throws Exception {
        RecordingEmbedder model = new RecordingEmbedder(16);
        model.closeGate();
        CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.memoryOnly());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<float[]>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(pool.submit(() -> cache.embed("the same task description")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> model.entered.get() == 1
                    && cache.stats().coalesced() + cache.stats().memoryHits() == 49);
            model.openGate();
            for (Future<float[]> f : all) {
                assertThat(f.get()).containsExactly(RecordingEmbedder.vectorOf("the same task description", 16));
            }
        }
        assertThat(model.embeddedTexts()).isEqualTo(1);
        assertThat(cache.stats().embedded()).isEqualTo(1);
        assertThat(cache.stats().coalesced()).isEqualTo(49);
    }

    @Test
    void aFailureReachesEveryWaiterAndIsNotCached() throws Exception {
        RecordingEmbedder model = new RecordingEmbedder(4);
        model.closeGate();
        model.failWith(new EmbeddingException("model exploded"));
        CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.memoryOnly());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<float[]>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(pool.submit(() -> cache.embed("doomed")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.stats().coalesced() == 4);
            model.openGate();
            for (Future<float[]> f : all) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(EmbeddingException.class).hasMessageContaining("model exploded");
            }
        }
        model.failWith(null);
        assertThat(cache.embed("doomed")).hasSize(4);
        assertThat(model.calls).hasSize(2);
    }

    @Test
    void returnedVectorsAreCopiesTheCallerMayModify() {
        CachingEmbedder cache = new CachingEmbedder(new RecordingEmbedder(4), CacheOptions.memoryOnly());
        float[] first = cache.embed("t");
        first[0] = 42f;
        assertThat(cache.embed("t")[0]).isNotEqualTo(42f);
    }

    @Test
    void theMemoryBoundEvictsAndOnlyEvictedTextsAreEmbeddedAgain() {
        RecordingEmbedder model = new RecordingEmbedder(256); // 1 KiB + overhead per entry
        CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.memoryOnly().withMaxMemoryBytes(20 * 1024));
        for (int i = 0; i < 200; i++) {
            cache.embed("text " + i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.stats().memoryEntries() <= 20);
        long hitsBefore = cache.stats().memoryHits();
        for (int i = 0; i < 200; i++) {
            cache.embed("text " + i);
        }
        long hits = cache.stats().memoryHits() - hitsBefore;
        assertThat(model.embeddedTexts()).isEqualTo(200 + (200 - hits));
        assertThat(model.embeddedTexts()).isGreaterThanOrEqualTo(200 + 150); // at most ~20 of 200 fit at any time
    }

    @Test
    void theDiskCacheIsReusedByTheNextInstance(@TempDir Path dir) {
        RecordingEmbedder first = new RecordingEmbedder(32);
        new CachingEmbedder(first, CacheOptions.withDisk(dir)).embedAll(List.of("agent one", "agent two", "agent three"));
        assertThat(first.embeddedTexts()).isEqualTo(3);

        RecordingEmbedder second = new RecordingEmbedder(32);
        CachingEmbedder restarted = new CachingEmbedder(second, CacheOptions.withDisk(dir));
        List<float[]> v = restarted.embedAll(List.of("agent one", "agent two", "agent three"));
        assertThat(second.embeddedTexts()).isZero();
        assertThat(restarted.stats().diskHits()).isEqualTo(3);
        assertThat(v.get(1)).containsExactly(RecordingEmbedder.vectorOf("agent two", 32));
    }

    @Test
    void aCorruptCacheFileIsCountedIgnoredAndRewritten(@TempDir Path dir) throws IOException {
        new CachingEmbedder(new RecordingEmbedder(32), CacheOptions.withDisk(dir)).embedAll(List.of("good", "bad", "torn"));
        DiskCache disk = new DiskCache(dir, "recording-32", CacheOptions.DEFAULT_DISK_BYTES);
        Path bad = disk.file(ContentKey.of("recording-32", "bad"));
        byte[] bytes = Files.readAllBytes(bad);
        bytes[20] ^= 0x5A; // one flipped byte in a float: the CRC no longer matches
        Files.write(bad, bytes);
        Path torn = disk.file(ContentKey.of("recording-32", "torn"));
        Files.write(torn, new byte[] {1, 2, 3}); // a half-written file from a crash

        RecordingEmbedder model = new RecordingEmbedder(32);
        CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.withDisk(dir));
        List<float[]> v = cache.embedAll(List.of("good", "bad", "torn"));
        assertThat(cache.stats().diskCorrupt()).isEqualTo(2);
        assertThat(cache.stats().diskHits()).isEqualTo(1);
        assertThat(model.calls).containsExactly(List.of("bad", "torn"));
        assertThat(v.get(1)).containsExactly(RecordingEmbedder.vectorOf("bad", 32));
        // rewritten whole: the next instance reads all three
        CachingEmbedder next = new CachingEmbedder(new RecordingEmbedder(32), CacheOptions.withDisk(dir));
        next.embedAll(List.of("good", "bad", "torn"));
        assertThat(next.stats().diskHits()).isEqualTo(3);
        assertThat(next.stats().diskCorrupt()).isZero();
    }

    @Test
    void theDiskCacheStaysWithinItsBound(@TempDir Path dir) throws IOException {
        long bound = 20 * (12 + 4 * 64); // room for 20 files of 64 floats
        CachingEmbedder cache = new CachingEmbedder(new RecordingEmbedder(64), CacheOptions.withDisk(dir).withMaxDiskBytes(bound));
        for (int i = 0; i < 100; i++) {
            cache.embed("text " + i);
        }
        long total;
        try (Stream<Path> files = Files.walk(dir)) {
            total = files.filter(f -> f.toString().endsWith(".vec")).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(total).isLessThanOrEqualTo(bound);
        assertThat(cache.stats().diskEvicted()).isGreaterThan(0);
    }

    @Test
    void modelsNeverShareEntries(@TempDir Path dir) {
        RecordingEmbedder a = new RecordingEmbedder(8);
        RecordingEmbedder b = new RecordingEmbedder(16);
        new CachingEmbedder(a, CacheOptions.withDisk(dir)).embed("same text");
        new CachingEmbedder(b, CacheOptions.withDisk(dir)).embed("same text");
        assertThat(a.embeddedTexts()).isEqualTo(1);
        assertThat(b.embeddedTexts()).isEqualTo(1);
        assertThat(ContentKey.of("m1", "ab")).isNotEqualTo(ContentKey.of("m1a", "b"));
    }

    @Test
    void withTheRealModelFiftyConcurrentIdenticalRequestsEmbedOnce(@TempDir Path dir) throws Exception {
        try (OnnxEmbedder model = new OnnxEmbedder()) {
            CachingEmbedder cache = new CachingEmbedder(model, CacheOptions.withDisk(dir));
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<float[]>> all = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    all.add(pool.submit(() -> cache.embed("route this task to the best agent")));
                }
                for (Future<float[]> f : all) {
                    assertThat(f.get()).hasSize(384);
                }
            }
            assertThat(model.stats().texts()).isEqualTo(1);
            assertThat(cache.counters()).containsEntry("cacheMisses", 1L).containsEntry("embeddedTexts", 1L);
        }
    }
}
