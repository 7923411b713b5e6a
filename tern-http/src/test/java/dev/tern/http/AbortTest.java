package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AbortTest {

    @Test
    void actionsRunOnceAndClosedOnesNever() {
        Abort abort = new Abort();
        AtomicInteger a = new AtomicInteger(), b = new AtomicInteger();
        Abort.Registration ra = abort.onAbort(a::incrementAndGet);
        Abort.Registration rb = abort.onAbort(b::incrementAndGet);
        rb.close();
        abort.abort("first");
        abort.abort("second");
        assertThat(a).hasValue(1);
        assertThat(b).hasValue(0);
        assertThat(ra.fired()).isTrue();
        assertThat(rb.fired()).isFalse();
        assertThat(abort.reason()).isEqualTo("first");
        AtomicInteger late = new AtomicInteger();
        abort.onAbort(late::incrementAndGet);
        assertThat(late).hasValue(1);
    }

    @Test
    void sleepEndsWhenAborted() {
        Abort abort = new Abort();
        Thread.ofVirtual().start(() -> {
            new Abort().sleep(Duration.ofMillis(100));
            abort.abort("wake");
        });
        long t0 = System.nanoTime();
        assertThat(abort.sleep(Duration.ofSeconds(30))).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
        assertThat(new Abort().sleep(Duration.ofMillis(10))).isFalse();
    }

    @Test
    void neverIgnoresEverything() {
        AtomicInteger n = new AtomicInteger();
        Abort.NEVER.onAbort(n::incrementAndGet).close();
        Abort.NEVER.abort("no");
        assertThat(Abort.NEVER.isAborted()).isFalse();
        assertThat(n).hasValue(0);
    }
}
