package dev.tern.workspace.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.llm.ModelGateway;
import dev.tern.metrics.Metrics;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.UserMessage;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.store.Session;
import dev.tern.workspace.session.FileSessionStore;
import dev.tern.workspace.testutil.ScriptedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consolidation feeding long-term memory: facts and relations asked for, handed to the sink, failures retried. */
class ConsolidationSinkTest {

    @TempDir Path ws;
    FileSessionStore sessions;
    MemoryStore memory;
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T03:20:00Z"), ZoneId.of("UTC"));

    /** A sink recording what it got; fails while {@code failing} is set. */
    static final class Recorder implements ConsolidationSink {
        final List<Consolidation> got = new ArrayList<>();
        final List<String> contexts = new ArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public String memoryContext(String conversation) {
            contexts.add(conversation);
            return "- #7 The user lives in Lisbon.";
        }

        @Override
        public boolean accept(Consolidation c) {
            if (failing.get()) throw new IllegalStateException("disk full");
            got.add(c);
            return true;
        }
    }

    @BeforeEach
    void setUp() {
        sessions = new FileSessionStore(ws.resolve("sessions"), FsyncPolicy.NEVER, Duration.ofMillis(50), clock);
        memory = new MemoryStore(ws);
    }

    @AfterEach
    void tearDown() { sessions.close(); }

    private Session session() {
        Session s = sessions.open("cli:direct");
        s.append(new UserMessage("I moved to Porto last week, I work at Acme now.\n\n[Runtime Context]\nCurrent Time: x\n\n"
                + "[Recalled memory: ...]\n- The user lives in Lisbon. (fact #7, 2026-01-01)"));
        s.append(AssistantMessage.ofText("Congratulations on the move!"));
        s.append(new UserMessage("thanks"));
        s.append(AssistantMessage.ofText("any time"));
        return s;
    }

    @Test
    void factsAndRelationsGoToTheSinkWhichKeepsMemoryMd() throws Exception {
        Files.writeString(memory.memoryFile(), "untouched");
        String args = "{\"history_entry\":\"[2026-11-22 03:19] The user moved to Porto and joined Acme.\","
                + "\"facts\":[{\"text\":\"The user lives in Porto.\",\"subject\":\"user\",\"attribute\":\"city\",\"replaces\":7},"
                + "\"The user works at Acme.\"],"
                + "\"relations\":[{\"subject\":\"user\",\"relation\":\"works at\",\"object\":\"Acme\",\"object_type\":\"organization\"},"
                + "[\"Acme\",\"based in\",\"Porto\"],\"Porto -> in -> Portugal\"]}";
        ScriptedProvider p = new ScriptedProvider(r -> ScriptedProvider.call("m1", "save_memory", args));
        Recorder sink = new Recorder();
        int[] changed = {0};
        Consolidator c = new Consolidator(memory, new ModelGateway(p, new Metrics()), "cheap", () -> changed[0]++,
                new Consolidator.Policy(2, 0), clock, List.of(), sink);
        Session s = session();
        Consolidator.Outcome o = c.consolidate(s, 4);

        assertThat(o.ok()).isTrue();
        assertThat(sink.got).hasSize(1);
        ConsolidationSink.Consolidation got = sink.got.getFirst();
        assertThat(got.session()).isEqualTo("cli:direct");
        assertThat(got.messages()).isEqualTo(4);
        assertThat(got.facts()).containsExactly(new ExtractedFact("The user lives in Porto.", "user", "city", 1, 7L),
                new ExtractedFact("The user works at Acme.", null, null, 1, null));
        assertThat(got.relations()).containsExactly(new ExtractedRelation("user", "works at", "Acme", null, "organization"),
                new ExtractedRelation("Acme", "based in", "Porto", null, null), new ExtractedRelation("Porto", "in", "Portugal", null, null));
        // the recalled block and the runtime context are not consolidated again as if the user had said them
        assertThat(got.conversation()).contains("USER: I moved to Porto last week, I work at Acme now.")
                .doesNotContain("Runtime Context").doesNotContain("fact #7");
        assertThat(memory.readMemory()).isEqualTo("untouched");
        assertThat(changed[0]).isEqualTo(1);
        assertThat(Files.readString(memory.historyFile())).startsWith("[2026-11-22 03:19] The user moved to Porto");

        ChatRequest req = p.requests.getFirst();
        assertThat(req.tools().getFirst().parametersJson()).contains("\"facts\"").contains("\"relations\"");
        assertThat(((UserMessage) req.messages().get(1)).text()).contains("- #7 The user lives in Lisbon.")
                .contains("## Known Facts Related to This Conversation");
    }

    @Test
    void aSinkFailureKeepsTheCursorThenArchivesRawSoNothingIsLost() {
        ScriptedProvider p = new ScriptedProvider(r -> ScriptedProvider.call("m1", "save_memory",
                "{\"history_entry\":\"[2026-11-22 03:19] x\",\"facts\":[],\"relations\":[]}"));
        Recorder sink = new Recorder();
        sink.failing.set(true);
        Consolidator c = new Consolidator(memory, new ModelGateway(p, new Metrics()), "cheap", null,
                new Consolidator.Policy(2, 0), clock, List.of(), sink);
        Session s = session();
        Consolidator.Outcome first = c.consolidate(s, 4);
        assertThat(first.ok()).isFalse();
        assertThat(first.detail()).contains("long-term memory failed: disk full");
        assertThat(s.lastConsolidated()).isZero();
        assertThat(memory.historyFile()).doesNotExist();
        c.consolidate(s, 4);
        Consolidator.Outcome third = c.consolidate(s, 4);
        assertThat(third.ok()).isTrue();
        assertThat(third.detail()).startsWith("archived raw");
        assertThat(s.lastConsolidated()).isEqualTo(4);
    }

    @Test
    void answersAreReadHoweverTheModelSpelledThem() {
        var a = ConsolidationAnswer.from(AssistantMessage.ofText("Here you go: {\"history_entry\":\"h\",\"facts\":"
                + "\"- The user likes tea\\n- The user hates noise\",\"triples\":[{\"source\":\"Ana\",\"predicate\":\"sister of\","
                + "\"target\":\"Bea\"}, {\"subject\":\"x\"}], \"junk\": 1}")).orElseThrow();
        assertThat(a.facts()).extracting(ExtractedFact::text).containsExactly("The user likes tea", "The user hates noise");
        assertThat(a.relations()).containsExactly(new ExtractedRelation("Ana", "sister of", "Bea", null, null));
        var b = ConsolidationAnswer.from(new AssistantMessage("", List.of(new dev.tern.model.ToolCall("1", "save_memory",
                "{\"history_entry\":\"h\",\"facts\":[{\"subject\":\"user\",\"attribute\":\"city\",\"value\":\"Porto\",\"confidence\":\"80%\"},"
                        + "{\"fact\":\"Bo is a chef\",\"replaces\":\"#12\"}, 42, null]}")))).orElseThrow();
        assertThat(b.facts()).containsExactly(new ExtractedFact("user's city is Porto", "user", "city", 0.8, null),
                new ExtractedFact("Bo is a chef", null, null, 1, 12L));
        assertThat(new ConsolidationAnswer("h", null, false).facts()).isEmpty();
    }
}
