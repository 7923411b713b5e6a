package dev.tern.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.memory.testutil.TestMemory;
import dev.tern.memory.vector.Embeddings;
import dev.tern.tokens.TokenCounter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-shot run must not load the tokenizer's tables (~0.6 s) in its first turn when the workspace's memory could fill a
 * block: opening memory in the background loads them then, and only then.
 */
class TokenizerWarmUpTest {

    @TempDir Path ws;

    private final List<String> counted = new CopyOnWriteArrayList<>();
    private final TokenCounter counter = text -> {
        counted.add(text);
        return TestMemory.tokens().count(text);
    };

    private void store(String... facts) {
        try (WorkspaceMemory m = TestMemory.open(ws, Embeddings.none(), Clock.systemUTC())) {
            for (String f : facts) m.longTerm().remember(f, "user");
        }
    }

    /** Opens memory in the background as a front-end does at start-up and waits until that thread is done. */
    private void openInBackground() throws Exception {
        try (MemoryRuntime rt = new MemoryRuntime(ws, MemoryConfig.DEFAULT, Embeddings::none, counter, Clock.systemUTC())) {
            rt.openInBackground();
            rt.awaitBackgroundOpen();
        }
    }

    @Test
    void recallableTextIsCountedInUtf8Bytes() {
        store("The user keeps bees on the roof.", "Der Nutzer fährt ein grünes Rad.");
        try (WorkspaceMemory m = TestMemory.open(ws, Embeddings.none(), Clock.systemUTC())) {
            assertThat(m.recallableTextBytes()).isEqualTo("The user keeps bees on the roof.".length() + "Der Nutzer fährt ein grünes Rad.".length() + 2);
        }
    }

    @Test
    void aMemoryThatCouldFillABlockLoadsTheTokenizerWhileItOpens() throws Exception {
        String fact = "The quarterly numbers show steady growth in recurring revenue, with churn down two points. ";
        store(fact + 1, fact + 2, fact + 3, fact + 4, fact + 5); // ~470 bytes: over the 400-token budget of similar past tasks
        openInBackground();
        assertThat(counted).containsExactly("warm");
    }

    @Test
    void aMemoryTooSmallToFillABlockNeverLoadsIt() throws Exception {
        store("The user keeps bees on the roof.");
        openInBackground();
        assertThat(counted).isEmpty();
    }

    @Test
    void theBudgetIsTheSmallestEnabledBlock() {
        MemoryConfig d = MemoryConfig.DEFAULT;
        assertThat(MemoryRuntime.needsExactCounts(d.pastRunTokens() + 1L, d)).isTrue();
        assertThat(MemoryRuntime.needsExactCounts(d.pastRunTokens(), d)).isFalse();
    }
}
