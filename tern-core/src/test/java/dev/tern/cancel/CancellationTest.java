package dev.tern.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {

    @Test
    void anExplicitCancelRunsEachCallbackOnceAndTheFirstReasonWins() {
        Cancellation c = Cancellation.create();
        AtomicInteger runs = new AtomicInteger();
        c.onCancel(runs::incrementAndGet);
        c.cancel("Ctrl-C");
        c.cancel("again");
        assertThat(runs).hasValue(1);
        assertThat(c.isCancelled()).isTrue();
        assertThat(c.cause()).isEqualTo(Cancellation.Cause.CANCELLED);
        assertThat(c.reason()).isEqualTo("Ctrl-C");
        assertThatThrownBy(c::throwIfCancelled).isInstanceOf(Cancellation.CancelledException.class).hasMessage("Ctrl-C");
        // registering after the fact runs at once
        c.onCancel(runs::incrementAndGet);
        assertThat(runs).hasValue(2);
    }

    @Test
    void theDeadlineFiresRegisteredCallbacksWithoutAnyoneAsking() {
        Cancellation c = Cancellation.withDeadline(Instant.now().plusMillis(100));
        AtomicInteger runs = new AtomicInteger();
        c.onCancel(runs::incrementAndGet);
        await().atMost(Duration.ofSeconds(5)).untilAtomic(runs, org.hamcrest.Matchers.is(1));
        assertThat(c.cause()).isEqualTo(Cancellation.Cause.DEADLINE);
    }

    @Test
    void childrenFollowTheirParentAndTakeTheEarlierDeadline() {
        Instant soon = Instant.now().plusSeconds(60);
        Cancellation parent = Cancellation.withDeadline(soon);
        Cancellation child = parent.child(Instant.now().plusSeconds(3600));
        assertThat(child.deadline()).isEqualTo(soon);
        Cancellation grandchild = child.child();
        parent.cancel("stop");
        assertThat(child.isCancelled()).isTrue();
        assertThat(grandchild.reason()).isEqualTo("stop");
        assertThat(Cancellation.create().child().isCancelled()).isFalse();
    }

    @Test
    void aClosedRegistrationNeverRunsAndAReleasedChildIsDetached() {
        Cancellation parent = Cancellation.create();
        AtomicInteger runs = new AtomicInteger();
        Cancellation.Registration r = parent.onCancel(runs::incrementAndGet);
        r.close();
        Cancellation child = parent.child();
        child.release();
        parent.cancel("later");
        assertThat(runs).hasValue(0);
        assertThat(r.fired()).isFalse();
        assertThat(child.isCancelled()).as("released from its parent").isFalse();
    }

    @Test
    void aPastDeadlineIsCancelledAtOnce() {
        Cancellation c = Cancellation.withDeadline(Instant.now().minusMillis(1));
        assertThat(c.isCancelled()).isTrue();
        assertThat(c.cause()).isEqualTo(Cancellation.Cause.DEADLINE);
        assertThat(c.remaining()).isNegative();
    }
}
