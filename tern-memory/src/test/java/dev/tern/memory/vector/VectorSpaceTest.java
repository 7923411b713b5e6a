package dev.tern.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.embed.index.SearchHit;
import dev.tern.memory.store.SqliteDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vectors persisted once, searched in memory; large groups through the sign-bit prefilter. */
class VectorSpaceTest {

    @TempDir Path dir;

    private static float[] random(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) v[i] = (float) r.nextGaussian() + (i % 7 == 0 ? 0.8f : 0);   // a shared direction, as real embeddings have
        return v;
    }

    @Test
    void largeGroupsGoThroughThePrefilterAndStillFindTheExactNeighbours() {
        int dim = 64;
        int n = VectorSpace.PREFILTER_FROM + 5_000;
        Random r = new Random(5);
        List<float[]> stored = new ArrayList<>();
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("v.db"))) {
            VectorSpace space = VectorSpace.open(db, "test", dim);
            List<VectorSpace.Entry> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] v = random(r, dim);
                stored.add(v);
                batch.add(new VectorSpace.Entry(i, "g", v));
            }
            db.write(c -> {
                space.put(c, batch);
                return null;
            });
            assertThat(space.size()).isEqualTo(n);
            int found = 0;
            int top1 = 0;
            for (int q = 0; q < 50; q++) {
                int target = r.nextInt(n);
                float[] query = stored.get(target).clone();
                for (int j = 0; j < dim; j++) query[j] += 0.3f * (float) r.nextGaussian();
                List<SearchHit> fast = space.search("g", query, 10);
                List<SearchHit> exact = space.searchExact("g", query, 10);
                Set<Long> ids = new HashSet<>();
                exact.forEach(h -> ids.add(h.id()));
                for (SearchHit h : fast) if (ids.contains(h.id())) found++;
                if (fast.getFirst().id() == target) top1++;
            }
            assertThat(top1).isEqualTo(50);
            // random vectors are the hard case (no clusters: the 10 nearest are barely nearer than the rest); real embeddings: see tern bench memory
            assertThat(found / 500.0).isGreaterThanOrEqualTo(0.7);
            db.write(c -> {
                space.delete(c, List.of(0L, 1L));
                return null;
            });
            assertThat(space.contains(0)).isFalse();
            assertThat(space.search("g", stored.get(1), 3)).extracting(SearchHit::id).doesNotContain(1L);
            assertThat(space.search("other", stored.get(5), 3)).isEmpty();
        }
        // a new process loads them from the file
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("v.db"))) {
            VectorSpace space = VectorSpace.open(db, "test", dim);
            assertThat(space.size()).isEqualTo(n - 2);
            assertThat(space.search("g", stored.get(7), 1)).extracting(SearchHit::id).containsExactly(7L);
        }
    }

    @Test
    void aProcessFarBehindATrimmedLogReloadsEverything() {
        try (SqliteDatabase db = SqliteDatabase.open(dir.resolve("t.db"))) {
            VectorSpace a = VectorSpace.open(db, "s", 4);
            VectorSpace b = VectorSpace.open(db, "s", 4);   // another process's view: only the log tells it
            db.write(c -> {
                a.put(c, List.of(new VectorSpace.Entry(1, "", new float[] {1, 0, 0, 0})));
                return null;
            });
            db.write(c -> {
                c.execute("DELETE FROM vector_log");   // as if trimmed past b
                c.execute("INSERT INTO vector_log(space, id, grp, op) VALUES ('s', 99, '', 0)");
                return null;
            });
            assertThat(b.search("", new float[] {1, 0, 0, 0}, 5)).extracting(SearchHit::id).containsExactly(1L);
        }
    }
}
