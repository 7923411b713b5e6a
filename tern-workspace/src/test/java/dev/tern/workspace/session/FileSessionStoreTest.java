package dev.tern.workspace.session;

import dev.tern.cancel.Cancellation;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.run.RunJournal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreTest {

    @TempDir Path dir;

    private FileSessionStore store(FsyncPolicy p) { return new FileSessionStore(dir, p, Duration.ofMillis(20), Clock.systemUTC()); }

    static final List<Message> CONVERSATION = List.of(
            new SystemMessage("sys"),
            new UserMessage("read two files\nplease \"now\" ✓"),
            new AssistantMessage("", List.of(new ToolCall("call_1", "read_file", "{\"path\":\"a.txt\"}"),
                    new ToolCall("call_2", "read_file", "{\"path\": \"b.txt\"")),  // malformed args kept verbatim
                    List.of(new ThinkingBlock("let me think", "sig==", false), new ThinkingBlock("", "opaque", true))),
            new ToolResultMessage("call_1", "read_file", "alpha", false),
            new ToolResultMessage("call_2", "read_file", "Error: bad JSON", true),
            AssistantMessage.ofText("done"));

    @Test
    void resumeReproducesTheExactMessages() {
        try (FileSessionStore s = store(FsyncPolicy.ALWAYS)) {
            s.open("cli:direct").appendAll(CONVERSATION);
        }
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("cli:direct");
            assertThat(session.messages()).isEqualTo(CONVERSATION);
            assertThat(session.loadWarnings()).isEmpty();
            assertThat(session.file().getFileName().toString()).isEqualTo("cli_direct.jsonl");
            assertThat(session.info().messageCount()).isEqualTo(CONVERSATION.size());
        }
    }

    @Test
    void eachAppendIsOneLineAndNothingIsRewritten() throws Exception {
        try (FileSessionStore s = store(FsyncPolicy.BATCH)) {
            FileSession session = s.open("k");
            session.append(CONVERSATION.get(1));
            byte[] before = Files.readAllBytes(session.file());
            long fileSize = before.length;
            session.append(CONVERSATION.get(2));
            byte[] after = Files.readAllBytes(session.file());
            assertThat(Arrays.copyOf(after, before.length)).isEqualTo(before);
            assertThat(after.length - fileSize).isEqualTo(session.bytesWritten() - fileSize);
            assertThat(new String(after, StandardCharsets.UTF_8).lines()).hasSize(2)
                    .allSatisfy(l -> assertThat(l).startsWith("{\"role\":").contains("\"timestamp\":"));
        }
    }

    @Test
    void tornLastLineIsDroppedWithAWarningAndAppendsContinueCleanly() throws Exception {
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            s.open("t").appendAll(CONVERSATION.subList(1, 3));
        }
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, "{\"role\":\"user\",\"content\":\"half wri", StandardOpenOption.APPEND);
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("t");
            // the two tool calls of the last answer never got results: answered as not executed
            assertThat(session.messages()).hasSize(4).startsWith(CONVERSATION.subList(1, 3).toArray(Message[]::new));
            assertThat(session.messages().subList(2, 4)).allSatisfy(m -> assertThat(m).isInstanceOf(ToolResultMessage.class));
            assertThat(session.loadWarnings()).hasSize(2).anySatisfy(w -> assertThat(w).contains(":3: torn last line"));
            session.append(new UserMessage("after crash"));
        }
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("t");
            assertThat(session.loadWarnings()).isEmpty();
            assertThat(session.messages()).hasSize(5).last().isEqualTo(new UserMessage("after crash"));
        }
    }

    @Test
    void invalidMiddleLinesAreReportedAndSkippedAndAMissingNewlineIsAdded() throws Exception {
        Path f = dir.resolve("m.jsonl");
        Files.writeString(f, "{\"role\":\"user\",\"content\":\"one\"}\nGARBAGE\n{\"role\":\"wizard\"}\n\n"
                + "{\"role\":\"assistant\",\"content\":\"two\"}");
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("m");
            assertThat(session.messages()).containsExactly(new UserMessage("one"), AssistantMessage.ofText("two"));
            assertThat(session.loadWarnings()).hasSize(2);
            assertThat(session.loadWarnings().get(0)).endsWith("m.jsonl:2: invalid JSON, line skipped");
            assertThat(session.loadWarnings().get(1)).endsWith("m.jsonl:3: unknown role 'wizard', line skipped");
            session.append(new UserMessage("three"));
        }
        assertThat(Files.readAllLines(f)).last().asString().startsWith("{\"role\":\"user\",\"content\":\"three\"");
    }

    @Test
    void readsNanobotSessionFiles() throws Exception {
        Files.writeString(dir.resolve("telegram_42.jsonl"), """
            {"_type": "metadata", "key": "telegram:42", "created_at": "2026-02-01T10:00:00.123456", "updated_at": "2026-02-01T11:00:00", "metadata": {}, "last_consolidated": 2}
            {"role": "user", "content": "hi", "timestamp": "2026-02-01T10:00:01"}
            {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "exec", "arguments": "{\\"command\\": \\"ls\\"}"}}], "timestamp": "2026-02-01T10:00:02"}
            {"role": "tool", "tool_call_id": "c1", "name": "exec", "content": "a.txt", "timestamp": "2026-02-01T10:00:03"}
            {"role": "assistant", "content": [{"type": "text", "text": "one file"}], "timestamp": "2026-02-01T10:00:04"}
            """);
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("telegram:42");
            assertThat(session.messages()).containsExactly(new UserMessage("hi"),
                    new AssistantMessage("", List.of(new ToolCall("c1", "exec", "{\"command\": \"ls\"}"))),
                    new ToolResultMessage("c1", "exec", "a.txt", false), AssistantMessage.ofText("one file"));
            assertThat(session.lastConsolidated()).isEqualTo(2);
        }
    }

    @Test
    void metadataLivesInAnAtomicSideFile() throws Exception {
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("meta");
            session.appendAll(CONVERSATION);
            session.setTitle("Reading files");
            session.markConsolidated(3);
            assertThatThrownBy(() -> session.markConsolidated(2)).hasMessageContaining("outside [3, 6]");
        }
        assertThat(Files.readString(dir.resolve("meta.meta.json"))).contains("\"lastConsolidated\":3", "\"title\":\"Reading files\"",
                "\"messageCount\":6");
        assertThat(dir.resolve("meta.meta.json.tmp")).doesNotExist();
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            assertThat(s.list()).singleElement().satisfies(m -> assertThat(m.title()).isEqualTo("Reading files"));
            FileSession session = s.open("meta");
            assertThat(session.lastConsolidated()).isEqualTo(3);
            assertThat(session.history(100)).containsExactly(AssistantMessage.ofText("done"));  // orphaned tool results dropped
        }
    }

    @Test
    void historyStartsAtAUserTurnAfterTheConsolidationCursor() {
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("h");
            session.appendAll(CONVERSATION);
            session.append(new UserMessage("next"));
            session.append(AssistantMessage.ofText("ok"));
            assertThat(session.history(100)).isEqualTo(session.messages().subList(1, 8));
            assertThat(session.history(4)).containsExactly(new UserMessage("next"), AssistantMessage.ofText("ok"));
            session.markConsolidated(6);
            assertThat(session.history(100)).containsExactly(new UserMessage("next"), AssistantMessage.ofText("ok"));
        }
    }

    @Test
    void asARunJournalItWritesEveryStepAndMarksToolCallsBeforeTheyRun() throws Exception {
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("j");
            RunContext run = new RunContext("run-1", "main", "j", dir, Events.none("run-1"), Cancellation.create(), null, session);
            AssistantMessage calls = new AssistantMessage("", List.of(new ToolCall("c1", "read_file", "{}")));
            session.append(run, new UserMessage("hi"));
            session.append(run, calls);
            session.toolsStarted(run, calls.toolCalls());
            session.append(run, new ToolResultMessage("c1", "read_file", "data", false));
            assertThat(session.messages()).hasSize(3);
            assertThat(Files.readAllLines(session.file())).hasSize(4)
                    .anySatisfy(l -> assertThat(l).contains("\"_type\":\"tool_started\"").contains("\"tool_call_id\":\"c1\""));
        }
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            assertThat(s.open("j").messages()).hasSize(3);  // the journal line is not a message
            assertThat(s.open("j").loadWarnings()).isEmpty();
        }
    }

    @Test
    void aFailedAppendIsAnErrorNeverALogLine() throws Exception {
        // /dev/full answers every write with ENOSPC: a full disk, as the journal sees it
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full), "needs /dev/full (Linux)");
        // one open file at most: opening "other" releases the handle of "full", and the next append reopens it
        try (FileSessionStore s = new FileSessionStore(dir, FsyncPolicy.NEVER, Duration.ofMillis(50), Clock.systemUTC(), 1)) {
            FileSession session = s.open("full");
            s.open("other").append(new UserMessage("x"));
            Files.delete(session.file());
            Files.createSymbolicLink(session.file(), full);
            RunContext run = RunContext.standalone(dir);
            assertThatThrownBy(() -> session.append(run, new UserMessage("lost?")))
                    .isInstanceOf(RunJournal.JournalException.class)
                    .hasMessageContaining("cannot save session 'full'").hasMessageContaining("No space left on device");
            assertThat(session.size()).as("a message that was not saved is not part of the conversation").isZero();
        }
    }

    @Test
    void toolCallsACrashLeftWithoutResultsAreAnsweredAsInterruptedAndTheRepairIsPersisted() throws Exception {
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("crash");
            RunContext run = RunContext.standalone(dir);
            AssistantMessage calls = new AssistantMessage("", List.of(new ToolCall("a", "exec", "{}"),
                    new ToolCall("b", "read_file", "{}"), new ToolCall("c", "web_fetch", "{}")));
            session.append(run, new UserMessage("do three things"));
            session.append(run, calls);
            session.toolsStarted(run, calls.toolCalls().subList(0, 2));
            session.append(run, new ToolResultMessage("b", "read_file", "ok", false));
            // kill -9 here: "a" was running, "c" never started
        }
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession session = s.open("crash");
            List<Message> m = session.messages();
            assertThat(m).hasSize(5);
            assertThat(m.subList(2, 5)).allSatisfy(x -> assertThat(x).isInstanceOf(ToolResultMessage.class));
            assertThat(((ToolResultMessage) m.get(3)).toolCallId()).isEqualTo("a");
            assertThat(((ToolResultMessage) m.get(3)).content()).contains("interrupted");
            assertThat(((ToolResultMessage) m.get(4)).toolCallId()).isEqualTo("c");
            assertThat(((ToolResultMessage) m.get(4)).content()).contains("not executed");
            assertThat(session.loadWarnings()).singleElement().asString().contains("2 tool call(s)");
        }
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            assertThat(s.open("crash").loadWarnings()).as("repaired once, in the file").isEmpty();
            assertThat(s.open("crash").messages()).hasSize(5);
        }
    }

    @Test
    void appendWritesTheSameBytesWhateverTheSessionLength() {
        // O(1) append: message #10 001 writes what #11 writes (the time ratio is measured by `tern bench session`)
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            FileSession small = s.open("small");
            FileSession large = s.open("large");
            UserMessage m = new UserMessage("x".repeat(400));
            for (int i = 0; i < 10; i++) small.append(m);
            for (int i = 0; i < 10_000; i++) large.append(m);
            long b0 = small.bytesWritten(), b1 = large.bytesWritten();
            small.append(m);
            large.append(m);
            assertThat(large.bytesWritten() - b1).isEqualTo(small.bytesWritten() - b0).isPositive();
        }
    }

    @Test
    void anInterruptedAppenderDoesNotBreakTheLog() throws Exception {
        try (FileSessionStore s = store(FsyncPolicy.ALWAYS)) {
            FileSession session = s.open("intr");
            Thread t = Thread.ofVirtual().start(() -> {
                Thread.currentThread().interrupt();  // a cancelled run still records its last message
                session.append(new UserMessage("while interrupted"));
            });
            t.join();
            session.append(new UserMessage("after"));
            assertThat(session.messages()).containsExactly(new UserMessage("while interrupted"), new UserMessage("after"));
        }
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            assertThat(s.open("intr").size()).isEqualTo(2);
        }
    }

    @Test
    void openFilesAreBoundedAndReleasedSessionsKeepAppending() {
        try (FileSessionStore s = new FileSessionStore(dir, FsyncPolicy.BATCH, Duration.ofMillis(20), Clock.systemUTC(), 3)) {
            for (int i = 0; i < 10; i++) s.open("s" + i).append(new UserMessage("first " + i));
            assertThat(s.openFiles()).isLessThanOrEqualTo(3);
            List<FileSession> held = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) held.add(s.open("s" + i));
            for (int i = 0; i < 10; i++) held.get(i).append(new UserMessage("second " + i));  // reopens released files
            assertThat(s.openFiles()).isLessThanOrEqualTo(3);
            for (int i = 0; i < 10; i++) {
                assertThat(s.open("s" + i).messages()).containsExactly(new UserMessage("first " + i), new UserMessage("second " + i));
            }
        }
        try (FileSessionStore s = store(FsyncPolicy.NEVER)) {
            for (int i = 0; i < 10; i++) assertThat(s.open("s" + i).size()).isEqualTo(2);
        }
    }
}
