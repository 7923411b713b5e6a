package dev.tern.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenIdsTest {

    @TempDir Path dir;

    private static boolean take(SeenIds s, String id) {
        if (!s.claim(id)) return false;
        s.commit(id);
        return true;
    }

    @Test
    void boundedPersistedAndCompacted() throws Exception {
        Path f = dir.resolve("x.seen");
        SeenIds s = new SeenIds(f, 3);
        for (String id : new String[] {"a", "b", "c", "d"}) assertThat(take(s, id)).isTrue();
        assertThat(take(s, "d")).isFalse();
        assertThat(take(s, "a")).as("evicted: only the newest 3 are kept").isTrue();
        assertThat(s.size()).isEqualTo(3);
        for (int i = 0; i < 20; i++) take(s, "n" + i);
        assertThat(Files.readAllLines(f).size()).as("rewritten when it reaches twice the capacity").isLessThanOrEqualTo(6);

        SeenIds reopened = new SeenIds(f, 3);
        assertThat(take(reopened, "n19")).isFalse();
        assertThat(take(reopened, "n17")).isFalse();
        assertThat(take(reopened, "n10")).isTrue();
    }

    @Test
    void aReleasedClaimIsNeitherRememberedNorPersisted() {
        Path f = dir.resolve("y.seen");
        SeenIds s = new SeenIds(f, 10);
        assertThat(s.claim("m1")).isTrue();
        assertThat(s.claim("m1")).as("a concurrent redelivery while the first is being taken").isFalse();
        s.release("m1");
        assertThat(new SeenIds(f, 10).claim("m1")).isTrue();
        assertThat(s.claim("m1")).isTrue();
    }
}
