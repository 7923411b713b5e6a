package dev.tern.memory.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.store.ScoredId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link EpisodeStore} must do: extend it and open a fresh, empty store with 4-dim vectors. */
public abstract class EpisodeStoreContract {

    protected static final Instant T0 = Instant.parse("2026-04-01T12:00:00Z");

    protected EpisodeStore episodes;

    protected abstract EpisodeStore open();

    @BeforeEach
    void setUp() {
        episodes = open();
    }

    @Test
    void storesSearchesAndForgetsEpisodes() {
        List<Episode> added = episodes.addAll(List.of(
                new EpisodeDraft("cli:direct", "[2026-04-01 12:00] Planned a trip to Kyoto in May; booked the ryokan.", T0,
                        T0.plusSeconds(600), 14, "consolidation", new float[] {1, 0, 0, 0}),
                new EpisodeDraft("telegram:7", "[2026-04-02 09:00] Debugged the CI cache; the key missed the lockfile.",
                        T0.plusSeconds(86_400), T0.plusSeconds(87_000), 8, null, new float[] {0, 1, 0, 0})));
        assertThat(added).extracting(Episode::session).containsExactly("cli:direct", "telegram:7");
        assertThat(added.get(1).source()).isEqualTo("consolidation");
        assertThat(episodes.recent(1)).extracting(Episode::id).containsExactly(added.get(1).id());
        assertThat(episodes.keyword("what did we book in Kyoto?", 5)).extracting(ScoredId::id).containsExactly(added.get(0).id());
        assertThat(episodes.similar(new float[] {0, 1, 0.1f, 0}, 1)).extracting(ScoredId::id).containsExactly(added.get(1).id());
        assertThat(episodes.forget(List.of(added.get(0).id()))).isEqualTo(1);
        assertThat(episodes.keyword("Kyoto", 5)).isEmpty();
        assertThat(episodes.similar(new float[] {1, 0, 0, 0}, 5)).extracting(ScoredId::id).containsExactly(added.get(1).id());
        assertThat(episodes.count()).isEqualTo(1);
    }
}
