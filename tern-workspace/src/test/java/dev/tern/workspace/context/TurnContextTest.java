package dev.tern.workspace.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.workspace.skills.Requirements;
import dev.tern.workspace.skills.SkillsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-turn context goes to the volatile block only; with long-term memory MEMORY.md leaves the system prompt. */
class TurnContextTest {

    @TempDir Path ws;

    private ContextBuilder builder() {
        SkillsLoader skills = new SkillsLoader(ws, new Requirements(Map.of("PATH", "/nonexistent")::get), false);
        return new ContextBuilder(ws, skills, new PlatformInfo("Linux", "amd64", "25"),
                Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneId.of("UTC")));
    }

    @Test
    void turnContextsAreAppendedAfterTheRuntimeFactsAndNeverReachTheSystemPrompt() {
        ContextBuilder b = builder();
        String before = b.systemPrompt();
        List<TurnContext.Turn> seen = new ArrayList<>();
        b.addTurnContext(t -> {
            seen.add(t);
            return "[Recalled memory]\n- fact about " + t.input();
        });
        b.addTurnContext(t -> "");
        String block = b.runtimeBlock("cli", "direct", new TurnContext.Turn("main", "cli:direct", "tea"));
        assertThat(block).startsWith("[Runtime Context]\nCurrent Time: 2026-06-01 10:00").endsWith("\n\n[Recalled memory]\n- fact about tea");
        assertThat(seen).containsExactly(new TurnContext.Turn("main", "cli:direct", "tea"));
        assertThat(b.systemPrompt()).isSameAs(before);
        assertThat(b.runtimeBlock("cli", "direct")).doesNotContain("Recalled");
    }

    @Test
    void longTermMemoryTakesMemoryMdOutOfThePrompt() throws Exception {
        Files.createDirectories(ws.resolve("memory"));
        Files.writeString(ws.resolve("memory/MEMORY.md"), "- the user likes tea");
        ContextBuilder b = builder();
        assertThat(b.systemPrompt()).contains("the user likes tea").contains("write important facts here");
        b.useLongTermMemory();
        String p = b.systemPrompt();
        assertThat(p).doesNotContain("the user likes tea").contains("remember, forget and recall_memory tools");
        Files.writeString(ws.resolve("memory/MEMORY.md"), "- the user likes coffee now");
        b.invalidateMemory();
        assertThat(b.systemPrompt()).isEqualTo(p);
    }
}
