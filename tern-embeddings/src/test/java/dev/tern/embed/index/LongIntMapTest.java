package dev.tern.embed.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

    @Test
    void behavesLikeAHashMapThroughGrowthAndRemovals() {
        Random r = new Random(3);
        LongIntMap map = new LongIntMap();
        Map<Long, Integer> reference = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // a small key range so that puts, replacements and removals collide and probe runs form
            long key = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(5_000) * 1024L;
            switch (r.nextInt(4)) {
                case 0, 1 -> {
                    int v = r.nextInt(1_000_000);
                    map.put(key, v);
                    reference.put(key, v);
                }
                case 2 -> {
                    Integer expected = reference.remove(key);
                    assertThat(map.remove(key)).isEqualTo(expected == null ? -1 : expected);
                }
                default -> assertThat(map.get(key)).isEqualTo(reference.getOrDefault(key, -1));
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        reference.forEach((k, v) -> assertThat(map.get(k)).isEqualTo(v));
        for (Long k : reference.keySet().toArray(new Long[0])) assertThat(map.remove(k)).isEqualTo(reference.remove(k));
        assertThat(map.size()).isZero();
        assertThat(map.get(0L)).isEqualTo(-1);
    }
}
