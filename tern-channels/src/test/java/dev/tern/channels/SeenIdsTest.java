package dev.tern.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenIdsTest {

    @TempDir Path dir;

    @Test
    void boundedPersistedAndCompacted() throws Exception {
        Path f = dir.resolve("x.seen");
        SeenIds s = new SeenIds(f, 3);
        for (String id : new String[] {"a", "b", "c", "d"}) assertThat(s.add(id)).isTrue();
        assertThat(s.add("d")).isFalse();
        assertThat(s.add("a")).as("evicted: only the newest 3 are kept").isTrue();
        assertThat(s.size()).isEqualTo(3);
        for (int i = 0; i < 20; i++) s.add("n" + i);
        assertThat(Files.readAllLines(f).size()).as("rewritten when it reaches twice the capacity").isLessThanOrEqualTo(6);

        SeenIds reopened = new SeenIds(f, 3);
        assertThat(reopened.add("n19")).isFalse();
        assertThat(reopened.add("n17")).isFalse();
        assertThat(reopened.add("n10")).isTrue();
    }
}
