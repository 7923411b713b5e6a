package dev.tern.workspace.memory;

import dev.tern.workspace.session.FileSession;
import dev.tern.workspace.session.FileSessionStore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.metrics.Metrics;
import dev.tern.model.AssistantMessage;
import dev.tern.llm.ModelGateway;
import dev.tern.model.UserMessage;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.store.Session;
import dev.tern.store.SessionStore;
import dev.tern.workspace.testutil.Sim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consolidation over the OpenAI wire against the simulator: the forced save_memory call round-trips. */
class ConsolidatorSimTest {

    @TempDir Path ws;

    @Test
    void forcedSaveMemoryCallOverTheWire() throws Exception {
        try (Sim sim = new Sim(); FileSessionStore store = new FileSessionStore(ws.resolve("sessions"), FsyncPolicy.NEVER,
                Duration.ofMillis(50), Clock.systemUTC())) {
            String model = sim.scenario("memory", "[{\"toolCalls\":[{\"name\":\"save_memory\",\"arguments\":"
                    + "{\"history_entry\":\"[2026-11-22 03:00] User asked about q0-q5.\",\"memory_update\":\"- asks many questions\"}}]}]");
            MemoryStore memory = new MemoryStore(ws);
            FileSession s = store.open("sim");
            for (int i = 0; i < 6; i++) {
                s.append(new UserMessage("q" + i));
                s.append(AssistantMessage.ofText("a" + i));
            }
            Consolidator c = new Consolidator(memory, new ModelGateway(sim.provider, new Metrics()), model, null,
                    new Consolidator.Policy(6, 0), Clock.systemUTC(), List.of());
            Consolidator.Outcome o = c.maybeConsolidate(s).orElseThrow().get(20, TimeUnit.SECONDS);
            assertThat(o.ok()).isTrue();
            assertThat(o.structured()).isTrue();
            assertThat(o.to()).isEqualTo(8);
            assertThat(memory.readMemory()).isEqualTo("- asks many questions");
            assertThat(Files.readString(memory.historyFile())).isEqualTo("[2026-11-22 03:00] User asked about q0-q5.\n\n");
        }
    }
}
