package dev.tern.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.cancel.Cancellation;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.store.Session;
import dev.tern.store.SessionInfo;
import dev.tern.store.SessionStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SessionStore} must do (files, PostgreSQL, ...). Extend it and create the store
 * under test in {@link #open(Path)}; two stores opened on the same {@code place} must see the same data
 * (that is what "persisted" means here).
 */
public abstract class SessionStoreContract {

    @TempDir protected Path place;

    /** A store over {@code place}; each call returns a new instance (as after a restart). */
    protected abstract SessionStore open(Path place);

    private RunContext run(Session s) {
        return new RunContext("run-1", "main", s.key(), place, Events.none("run-1"), Cancellation.create(), null, s);
    }

    @Test
    void appendedMessagesArePersistedInOrder() {
        List<Message> conversation = List.of(new UserMessage("hello"), AssistantMessage.ofText("hi there"),
                new UserMessage("again"), AssistantMessage.ofText("yes"));
        try (SessionStore store = open(place)) {
            Session s = store.open("cli:one");
            conversation.forEach(s::append);
            assertThat(s.messages()).isEqualTo(conversation);
            assertThat(s.size()).isEqualTo(4);
            assertThat(store.open("cli:one")).as("one instance per key while open").isSameAs(s);
        }
        try (SessionStore store = open(place)) {
            assertThat(store.exists("cli:one")).isTrue();
            assertThat(store.open("cli:one").messages()).isEqualTo(conversation);
            assertThat(store.open("cli:one").entries(1, 3)).extracting(e -> e.message()).isEqualTo(conversation.subList(1, 3));
        }
    }

    @Test
    void theHistoryStartsAtAUserTurnAndSkipsConsolidatedMessages() {
        try (SessionStore store = open(place)) {
            Session s = store.open("h");
            AssistantMessage calls = new AssistantMessage("", List.of(new ToolCall("c1", "read_file", "{}")));
            for (Message m : List.of(new UserMessage("one"), calls, new ToolResultMessage("c1", "read_file", "x", false),
                    AssistantMessage.ofText("done"), new UserMessage("two"), AssistantMessage.ofText("ok"))) s.append(m);
            assertThat(s.history(4)).as("never starts with an orphaned tool result")
                    .containsExactly(new UserMessage("two"), AssistantMessage.ofText("ok"));
            s.markConsolidated(4);
            assertThat(s.history(100)).containsExactly(new UserMessage("two"), AssistantMessage.ofText("ok"));
            assertThatThrownBy(() -> s.markConsolidated(2)).isInstanceOf(IllegalArgumentException.class);
        }
        try (SessionStore store = open(place)) {
            assertThat(store.open("h").lastConsolidated()).as("the cursor is persisted").isEqualTo(4);
        }
    }

    @Test
    void listsSessionsMostRecentFirstAndDeletes() throws Exception {
        try (SessionStore store = open(place)) {
            store.open("a").append(new UserMessage("first"));
            Thread.sleep(5); // distinct timestamps
            store.open("b").append(new UserMessage("second"));
            store.open("b").setTitle("the b session");
            List<SessionInfo> list = store.list();
            assertThat(list).extracting(SessionInfo::key).containsExactly("b", "a");
            assertThat(list.get(0).title()).isEqualTo("the b session");
            assertThat(store.delete("a")).isTrue();
            assertThat(store.delete("a")).isFalse();
            assertThat(store.exists("a")).isFalse();
        }
        try (SessionStore store = open(place)) {
            assertThat(store.list()).extracting(SessionInfo::key).containsExactly("b");
            assertThat(store.open("b").title()).isEqualTo("the b session");
        }
    }

    @Test
    void blankKeysAreRejected() {
        try (SessionStore store = open(place)) {
            assertThatThrownBy(() -> store.open(" ")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void concurrentAppendsLoseNothing() throws Exception {
        try (SessionStore store = open(place)) {
            Session s = store.open("busy");
            List<Future<?>> fs = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 8; t++) {
                    int id = t;
                    fs.add(pool.submit(() -> { for (int i = 0; i < 50; i++) s.append(new UserMessage(id + ":" + i)); }));
                }
            }
            for (Future<?> f : fs) f.get();
            assertThat(s.size()).isEqualTo(400);
        }
        try (SessionStore store = open(place)) {
            assertThat(store.open("busy").size()).isEqualTo(400);
        }
    }

    @Test
    void asAJournalToolCallsLeftWithoutResultsAreAnsweredOnTheNextLoad() {
        try (SessionStore store = open(place)) {
            Session s = store.open("journal");
            AssistantMessage calls = new AssistantMessage("", List.of(new ToolCall("a", "exec", "{}"), new ToolCall("b", "exec", "{}")));
            s.append(run(s), new UserMessage("two commands"));
            s.append(run(s), calls);
            s.toolsStarted(run(s), calls.toolCalls().subList(0, 1));
            // the process dies here: no results
        }
        try (SessionStore store = open(place)) {
            Session s = store.open("journal");
            List<Message> m = s.messages();
            assertThat(m).hasSize(4);
            assertThat(m.get(2)).isInstanceOfSatisfying(ToolResultMessage.class, r -> {
                assertThat(r.toolCallId()).isEqualTo("a");
                assertThat(r.error()).isTrue();
                assertThat(r.content()).contains("interrupted");
            });
            assertThat(m.get(3)).isInstanceOfSatisfying(ToolResultMessage.class, r -> {
                assertThat(r.toolCallId()).isEqualTo("b");
                assertThat(r.content()).contains("not executed");
            });
            assertThat(s.loadWarnings()).isNotEmpty();
            s.append(new UserMessage("continue"));
        }
        try (SessionStore store = open(place)) {
            assertThat(store.open("journal").messages()).hasSize(5).last().isEqualTo(new UserMessage("continue"));
        }
    }
}
