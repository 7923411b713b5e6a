package dev.tern.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tern.memory.testutil.TestMemory;
import dev.tern.memory.vector.Embeddings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a workspace's memory while it is still being opened in the background (a one-shot run that ends
 * quickly) waits for the open and closes what it opened; nothing opens it again afterwards. Before, the
 * store stayed open and MEMORY.md was written into the workspace after the end (test folders came back
 * as {@code memory/MEMORY.md} after JUnit had deleted them).
 */
class MemoryRuntimeCloseTest {

    @TempDir Path ws;

    @Test
    void closingWaitsForABackgroundOpenAndClosesWhatItOpened() throws Exception {
        try (WorkspaceMemory m = TestMemory.open(ws, Embeddings.none(), Clock.systemUTC())) {
            m.longTerm().remember("The user keeps bees on the roof.", "user");
        }
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MemoryRuntime rt = new MemoryRuntime(ws, MemoryConfig.DEFAULT, () -> {
            opening.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Embeddings.none();
        }, TestMemory.tokens(), Clock.systemUTC());
        rt.openInBackground();
        opening.await();

        Thread closer = Thread.ofPlatform().start(rt::close);
        await().atMost(Duration.ofSeconds(30)).until(() -> closer.getState() == Thread.State.WAITING || !closer.isAlive());
        assertThat(closer.isAlive()).as("close waits for the open under way").isTrue();
        release.countDown();
        closer.join(30_000);
        assertThat(closer.isAlive()).isFalse();

        rt.awaitBackgroundOpen();
        assertThat(rt.isOpen()).as("what the background open opened was closed").isFalse();
        assertThatThrownBy(rt::memory).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aClosedMemoryIsNotOpenedAgain() {
        MemoryRuntime rt = new MemoryRuntime(ws, MemoryConfig.DEFAULT, Embeddings::none, TestMemory.tokens(), Clock.systemUTC());
        rt.memory().longTerm().remember("The user keeps bees on the roof.", "user");
        rt.close();
        assertThat(rt.isOpen()).isFalse();
        assertThatThrownBy(rt::longTerm).isInstanceOf(IllegalStateException.class);
    }
}
