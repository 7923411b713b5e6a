package dev.tern.workspace.context;

import dev.tern.workspace.session.FileSession;
import dev.tern.workspace.session.FileSessionStore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.Agent;
import dev.tern.run.RunLimits;
import dev.tern.run.RunResult;
import dev.tern.json.Json;
import dev.tern.metrics.Metrics;
import dev.tern.model.ChatRequest;
import dev.tern.llm.ModelGateway;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.memory.Consolidator;
import dev.tern.workspace.memory.MemoryStore;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.store.Session;
import dev.tern.store.SessionStore;
import dev.tern.workspace.skills.LoadSkillTool;
import dev.tern.workspace.skills.Requirements;
import dev.tern.workspace.skills.SkillsLoader;
import dev.tern.workspace.spawn.SpawnTool;
import dev.tern.workspace.spawn.SubagentResults;
import dev.tern.workspace.testutil.ScriptedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace pieces together: prompt, skills, session, consolidation, spawn, over several turns. */
class WorkspaceChatTest {

    @TempDir Path ws;

    @Test
    void turnsPersistStayCacheFriendlyConsolidateAndReceiveSubAgentResults() throws Exception {
        Files.writeString(ws.resolve("AGENTS.md"), "Be brief.");
        Files.createDirectories(ws.resolve("skills/notes"));
        Files.writeString(ws.resolve("skills/notes/SKILL.md"), "---\ndescription: note taking\n---\nWrite notes to notes.md");
        ScriptedProvider provider = new ScriptedProvider(r -> {
            String agent = r.metadata().getOrDefault("agent", "");
            if (agent.equals("memory")) {
                var o = Json.object();
                o.put("history_entry", "[2026-11-22 03:00] early turns");
                o.put("memory_update", "- user is testing");
                return ScriptedProvider.call("m", "save_memory", Json.write(o));
            }
            if (agent.startsWith("subagent-")) return ScriptedProvider.text("sub-result 42");
            String last = ((UserMessage) r.messages().stream().filter(m -> m instanceof UserMessage)
                    .reduce((a, b) -> b).orElseThrow()).text();
            boolean afterTool = r.messages().get(r.messages().size() - 1) instanceof ToolResultMessage;
            if (last.startsWith("use skill") && !afterTool) return ScriptedProvider.call("k1", "load_skill", "{\"name\":\"notes\"}");
            if (last.startsWith("delegate") && !afterTool) return ScriptedProvider.call("s1", "spawn", "{\"task\":\"compute 42\"}");
            return ScriptedProvider.text("ok: " + last.lines().findFirst().orElse(""));
        });
        Metrics metrics = new Metrics();
        ModelGateway gateway = new ModelGateway(provider, metrics);
        ToolExecutor executor = new ToolExecutor(metrics);
        SkillsLoader skills = new SkillsLoader(ws, new Requirements(k -> null), true);
        ContextBuilder context = new ContextBuilder(ws, skills);
        SubagentResults results = new SubagentResults();
        ToolRegistry tools = new ToolRegistry().register(new LoadSkillTool(skills));
        tools.register(new SpawnTool(results, gateway, executor, "sim:main", tools, RunLimits.DEFAULT.withMaxIterations(3)));
        Agent agent = Agent.builder("main").model("sim:main").gateway(gateway).executor(executor).tools(tools)
                .systemPrompt(context.supplier()).build();
        MemoryStore memory = new MemoryStore(ws);
        try (FileSessionStore sessions = new FileSessionStore(ws.resolve("sessions"), FsyncPolicy.BATCH, Duration.ofMillis(20), Clock.systemUTC())) {
            FileSession session = sessions.open("cli:direct");
            Consolidator consolidator = new Consolidator(memory, gateway, "sim:cheap", context::invalidateMemory,
                    new Consolidator.Policy(8, 0), Clock.systemUTC(), List.of());
            WorkspaceChat chat = new WorkspaceChat(agent, context, session, consolidator, results, 50);

            assertThat(chat.send("use skill please", "cli", "direct", List.of()).text()).isEqualTo("ok: use skill please");
            assertThat(session.messages()).hasSize(4);  // user, tool call, tool result, answer
            assertThat(((ToolResultMessage) session.messages().get(2)).content()).contains("Write notes to notes.md");

            RunResult delegated = chat.send("delegate this", "cli", "direct", List.of());
            assertThat(delegated.completed()).isTrue();
            assertThat(results.awaitIdle(Duration.ofSeconds(20))).isTrue();
            chat.send("what came back?", "cli", "direct", List.of());
            UserMessage third = (UserMessage) session.messages().get(8);
            assertThat(third.text()).startsWith("[Sub-agent results]").contains("sub-result 42").contains("what came back?")
                    .contains("[Runtime Context]");
            assertThat(session.size()).isEqualTo(10);

            // the session outgrew its window (8): a background consolidation ran through the memory model
            Consolidator.Outcome o = chat.lastConsolidation().orElseThrow().get(20, TimeUnit.SECONDS);
            assertThat(o.ok()).isTrue();
            assertThat(session.lastConsolidated()).isEqualTo(o.to()).isPositive();
            assertThat(memory.readMemory()).isEqualTo("- user is testing");
            chat.send("and now?", "cli", "direct", List.of());

            List<ChatRequest> mainRequests = provider.requests.stream().filter(r -> r.metadata().get("agent").equals("main")).toList();
            SystemMessage first = (SystemMessage) mainRequests.get(0).messages().get(0);
            SystemMessage beforeConsolidation = (SystemMessage) mainRequests.get(mainRequests.size() - 2).messages().get(0);
            SystemMessage afterConsolidation = (SystemMessage) mainRequests.get(mainRequests.size() - 1).messages().get(0);
            assertThat(beforeConsolidation.text()).isSameAs(first.text());  // byte-identical prefix, same instance
            assertThat(first.text()).contains("Be brief.").contains("**notes** — note taking").doesNotContain("[Runtime Context]");
            assertThat(afterConsolidation.text()).contains("- user is testing");
            assertThat(mainRequests.get(mainRequests.size() - 1).messages().get(1)).isEqualTo(session.messages().get(o.to()));
            assertThat(provider.requests).anySatisfy(r -> assertThat(r.model()).isEqualTo("sim:cheap"));
        }
        try (FileSessionStore reopened = new FileSessionStore(ws.resolve("sessions"), FsyncPolicy.NEVER, Duration.ofMillis(20), Clock.systemUTC())) {
            FileSession s = reopened.open("cli:direct");
            assertThat(s.size()).isEqualTo(12);
            assertThat(s.loadWarnings()).isEmpty();
            assertThat(s.lastConsolidated()).isPositive();
        }
    }
}
