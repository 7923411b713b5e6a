package dev.tern.workspace.memory;

import dev.tern.workspace.session.FileSession;
import dev.tern.workspace.session.FileSessionStore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.metrics.Metrics;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ModelException;
import dev.tern.llm.ModelGateway;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import dev.tern.workspace.context.ContextBuilder;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.store.Session;
import dev.tern.store.SessionStore;
import dev.tern.workspace.skills.Requirements;
import dev.tern.workspace.skills.SkillsLoader;
import dev.tern.workspace.testutil.ScriptedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsolidatorTest {

    @TempDir Path ws;
    FileSessionStore sessions;
    MemoryStore memory;
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T03:20:00Z"), ZoneId.of("UTC"));

    @BeforeEach
    void setUp() {
        sessions = new FileSessionStore(ws.resolve("sessions"), FsyncPolicy.NEVER, Duration.ofMillis(50), clock);
        memory = new MemoryStore(ws);
    }

    @AfterEach
    void tearDown() { sessions.close(); }

    private static String saveMemory(String history, String mem) {
        var o = Json.object();
        o.put("history_entry", history);
        o.put("memory_update", mem);
        return Json.write(o);
    }

    /** Fills a session with {@code turns} exchanges: user, assistant tool call, tool result, assistant answer. */
    private FileSession session(String key, int turns) {
        FileSession s = sessions.open(key);
        for (int i = 0; i < turns; i++) {
            s.append(new UserMessage("question " + i));
            s.append(new AssistantMessage("", List.of(new ToolCall("c" + i, "read_file", "{\"path\":\"f" + i + "\"}"))));
            s.append(new ToolResultMessage("c" + i, "read_file", "content " + i, false));
            s.append(AssistantMessage.ofText("answer " + i));
        }
        return s;
    }

    private Consolidator consolidator(ScriptedProvider p, Runnable onChange, int window) {
        return new Consolidator(memory, new ModelGateway(p, new Metrics()), Consolidator.chooseModel("cheap-model", "big-model"),
                onChange, new Consolidator.Policy(window, 0), clock, List.of());
    }

    @Test
    void structuredConsolidationUpdatesBothFilesTheCursorAndThePrompt() throws Exception {
        Files.writeString(memory.memoryFile(), "- user likes tea");
        SkillsLoader skills = new SkillsLoader(ws, new Requirements(k -> null), false);
        ContextBuilder context = new ContextBuilder(ws, skills);
        assertThat(context.systemPrompt()).contains("- user likes tea");
        ScriptedProvider p = new ScriptedProvider(r -> ScriptedProvider.call("m1", "save_memory",
                saveMemory("[2026-11-22 03:19] Read files f0-f2 for the user.", "- user likes tea\n- project uses f-files")));
        FileSession s = session("cli:direct", 5);  // 20 messages, window 8 -> keep 4 newest
        Consolidator c = consolidator(p, context::invalidateMemory, 8);
        assertThat(c.needed(s)).isTrue();
        Consolidator.Outcome o = c.maybeConsolidate(s).orElseThrow().get(10, TimeUnit.SECONDS);

        assertThat(o.ok()).isTrue();
        assertThat(o.structured()).isTrue();
        assertThat(o.to()).isEqualTo(16);  // the user turn starting the newest 4 messages
        assertThat(s.lastConsolidated()).isEqualTo(16);
        assertThat(Files.readString(memory.historyFile())).isEqualTo("[2026-11-22 03:19] Read files f0-f2 for the user.\n\n");
        assertThat(memory.readMemory()).isEqualTo("- user likes tea\n- project uses f-files");
        assertThat(context.systemPrompt()).contains("- project uses f-files");

        ChatRequest req = p.requests.get(0);
        assertThat(req.model()).isEqualTo("cheap-model");
        assertThat(req.toolChoice()).isEqualTo(ChatRequest.ToolChoice.TOOL);
        assertThat(req.forcedTool()).isEqualTo("save_memory");
        String prompt = ((UserMessage) req.messages().get(1)).text();
        assertThat(prompt).contains("- user likes tea").contains("[2026-11-22 03:20] USER: question 0")
                .contains("ASSISTANT [tools: read_file]").contains("TOOL read_file: content 3").doesNotContain("question 4");
        assertThat(c.needed(s)).isFalse();
        assertThat(s.history(100).get(0)).isEqualTo(new UserMessage("question 4"));
    }

    @Test
    void consolidatesASnapshotInTheBackgroundWhileMessagesKeepArriving() throws Exception {
        CountDownLatch modelStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedProvider p = new ScriptedProvider(r -> {
            modelStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedProvider.call("m1", "save_memory", saveMemory("[2026-11-22 03:20] old stuff", "facts"));
        });
        FileSession s = session("busy", 4);  // 16 messages, window 6 -> cut at 12
        Consolidator c = consolidator(p, null, 6);
        CompletableFuture<Consolidator.Outcome> f = c.maybeConsolidate(s).orElseThrow();
        assertThat(modelStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f).isNotDone();                                  // the caller was not blocked
        assertThat(c.maybeConsolidate(s).orElseThrow()).isSameAs(f); // one at a time per session
        for (int i = 0; i < 5; i++) s.append(new UserMessage("new " + i));  // arrive meanwhile
        release.countDown();
        Consolidator.Outcome o = f.get(10, TimeUnit.SECONDS);
        assertThat(o.from()).isZero();
        assertThat(o.to()).isEqualTo(12);
        assertThat(s.lastConsolidated()).isEqualTo(12);
        assertThat(s.size()).isEqualTo(21);
        assertThat(s.history(100)).hasSize(9).endsWith(new UserMessage("new 4")).startsWith(new UserMessage("question 3"));
        assertThat(p.requests).hasSize(1);
    }

    @Test
    void fallsBackToTextAnswersAndToAutoToolChoice() throws Exception {
        ScriptedProvider p = new ScriptedProvider(r -> ScriptedProvider.text("unused"))
                .then(r -> { throw new ModelException(ModelException.Kind.BAD_REQUEST, "x", 400,
                        "tool_choice 'required' is not supported by this model", null, null); })
                .then(r -> ScriptedProvider.text("Sure! ```json\n{\"history_entry\": \"Talked about f-files\", \"memory_update\": \"- f\"}\n```"))
                .then(r -> ScriptedProvider.text("history_entry: Discussed tea.\nmemory_update:\n- likes tea"))
                .then(r -> ScriptedProvider.text("We talked about the weather."));
        Consolidator c = consolidator(p, null, 4);
        FileSession s = session("text", 2);

        Consolidator.Outcome first = c.consolidate(s, 2);
        assertThat(first.ok()).isTrue();
        assertThat(first.structured()).isFalse();
        assertThat(p.requests.get(1).toolChoice()).isEqualTo(ChatRequest.ToolChoice.AUTO);
        assertThat(memory.readMemory()).isEqualTo("- f");

        c.consolidate(s, 4);
        assertThat(memory.readMemory()).isEqualTo("- likes tea");
        s.append(new UserMessage("more"));
        c.consolidate(s, 6);
        assertThat(memory.readMemory()).isEqualTo("- likes tea");  // plain text: memory unchanged
        assertThat(Files.readString(memory.historyFile())).isEqualTo(
                "[2026-11-22 03:20] Talked about f-files\n\n[2026-11-22 03:20] Discussed tea.\n\n[2026-11-22 03:20] We talked about the weather.\n\n");
        assertThat(s.lastConsolidated()).isEqualTo(6);
    }

    @Test
    void repeatedFailuresKeepTheCursorThenArchiveRawSoNothingIsLost() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedProvider p = new ScriptedProvider(r -> {
            calls.incrementAndGet();
            throw new ModelException(ModelException.Kind.SERVER, "x", "HTTP 500 from upstream");
        });
        Consolidator c = consolidator(p, null, 4);
        FileSession s = session("fail", 3);
        assertThat(c.consolidate(s, -1).ok()).isFalse();
        assertThat(c.consolidate(s, -1).ok()).isFalse();
        assertThat(s.lastConsolidated()).isZero();
        Consolidator.Outcome third = c.consolidate(s, -1);
        assertThat(third.ok()).isTrue();
        assertThat(third.detail()).contains("archived raw after 3 failures");
        assertThat(s.lastConsolidated()).isEqualTo(8);
        assertThat(memory.searchHistory("[RAW]", 5)).singleElement().asString()
                .contains("USER: question 0").contains("USER: question 1").doesNotContain("question 2");
        assertThat(calls).hasValue(3);
    }

    @Test
    void tokenBudgetAlsoTriggers() {
        ScriptedProvider p = new ScriptedProvider(r -> ScriptedProvider.call("m", "save_memory", saveMemory("[2026-11-22 03:20] big", "m")));
        Consolidator c = new Consolidator(memory, new ModelGateway(p, new Metrics()), "m", null,
                new Consolidator.Policy(1000, 200), clock, List.of());
        FileSession s = sessions.open("tokens");
        for (int i = 0; i < 6; i++) {
            s.append(new UserMessage("u" + i + " " + "x".repeat(200)));
            s.append(AssistantMessage.ofText("a" + i));
        }
        assertThat(c.needed(s)).isTrue();
        Consolidator.Outcome o = c.consolidate(s, -1);
        assertThat(o.ok()).isTrue();
        assertThat(o.to()).isBetween(2, 11);
        assertThat(s.messages().get(o.to())).isInstanceOf(UserMessage.class);
    }
}
