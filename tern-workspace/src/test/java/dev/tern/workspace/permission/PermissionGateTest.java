package dev.tern.workspace.permission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.json.JsonObject;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolSpec;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import dev.tern.workspace.tools.BuiltinTools;
import dev.tern.workspace.tools.WorkspaceToolsConfig;
import dev.tern.workspace.tools.web.SearchConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PermissionGateTest {

    static final ToolResult RAN = ToolResult.ok("ran");

    /** What the executor would return: the tool's result when the gate let the call through. */
    static ToolResult ran(ToolResult gate) { return gate == null ? RAN : gate; }

    @TempDir Path ws;
    Metrics metrics;
    Map<String, Tool> tools;
    final List<PermissionRequest> asked = new CopyOnWriteArrayList<>();

    /** A non-read-only tool that needs no approval by default (like spawn), and an MCP tool marked destructive. */
    final Tool spawn = simple("spawn", ToolTraits.DEFAULT);
    final Tool mcpDelete = simple("mcp_fs_delete", ToolTraits.DEFAULT);

    @BeforeEach
    void setUp() {
        metrics = new Metrics();
        tools = new ConcurrentHashMap<>();
        try (dev.tern.http.HttpTransport http = dev.tern.http.Transports.create()) {
            WorkspaceToolsConfig cfg = WorkspaceToolsConfig.builder(ws).search(SearchConfig.fromEnv(Map.of())).build();
            for (Tool t : BuiltinTools.create(cfg, http)) tools.put(t.name(), t);
        }
    }

    PermissionGate interceptor(PermissionMode mode, PermissionPrompter prompter) {
        return new PermissionGate(mode, PermissionPolicy.DEFAULT.alsoRequiring(t -> t.name().equals("mcp_fs_delete")),
                prompter, metrics);
    }

    PermissionPrompter answering(PermissionDecision d) {
        return r -> {
            asked.add(r);
            return d;
        };
    }

    static final PermissionPrompter NEVER = r -> {
        throw new AssertionError("the prompter must not be consulted: " + r);
    };

    ToolResult check(PermissionGate p, Tool tool, String args, String session) throws Exception {
        RunContext run = new RunContext("run-1", "main", session, ws, Events.none("run-1"), Instant.MAX, new ConcurrentHashMap<>());
        return ran(p.check(tool, new ToolCallContext("c1", tool.name(), JsonObject.parse(args), run)));
    }

    ToolResult check(PermissionGate p, String tool, String args) throws Exception {
        return check(p, tools.get(tool), args, "s1");
    }

    @Test
    void bypassNeverAsks() throws Exception {
        PermissionGate p = interceptor(PermissionMode.BYPASS_PERMISSIONS, NEVER);
        assertThat(check(p, "exec", "{\"command\":\"ls\"}")).isSameAs(RAN);
        assertThat(check(p, "write_file", "{\"path\":\"a\",\"content\":\"\"}")).isSameAs(RAN);
        assertThat(check(p, mcpDelete, "{}", "s1")).isSameAs(RAN);
        assertThat(metrics.count("permission.checks")).isEqualTo(3);
        assertThat(metrics.count("permission.prompts")).isZero();
    }

    @Test
    void acceptEditsApprovesFileEditsButAsksForExec() throws Exception {
        PermissionGate p = interceptor(PermissionMode.ACCEPT_EDITS, answering(PermissionDecision.ALLOW_ONCE));
        assertThat(check(p, "write_file", "{\"path\":\"a\",\"content\":\"x\"}")).isSameAs(RAN);
        assertThat(check(p, "edit_file", "{\"path\":\"a\",\"old_text\":\"x\",\"new_text\":\"y\"}")).isSameAs(RAN);
        assertThat(asked).isEmpty();
        assertThat(check(p, "exec", "{\"command\":\"make test\",\"working_dir\":\"sub\"}")).isSameAs(RAN);
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().summary()).isEqualTo("run: make test  (in sub)");
        assertThat(asked.getFirst().mode()).isEqualTo(PermissionMode.ACCEPT_EDITS);
        assertThat(metrics.count("permission.prompts")).isEqualTo(1);
    }

    @Test
    void defaultAsksForEditsExecAndMarkedToolsButNotForOthers() throws Exception {
        PermissionGate p = interceptor(PermissionMode.DEFAULT, answering(PermissionDecision.ALLOW_ONCE));
        assertThat(check(p, "read_file", "{\"path\":\"a\"}")).isSameAs(RAN);
        assertThat(check(p, "web_fetch", "{\"url\":\"https://example.org\"}")).isSameAs(RAN);
        assertThat(check(p, spawn, "{\"task\":\"x\"}", "s1")).isSameAs(RAN);
        assertThat(asked).isEmpty();
        check(p, "write_file", "{\"path\":\"notes/a.md\",\"content\":\"hello\"}");
        check(p, "edit_file", "{\"path\":\"a.md\",\"old_text\":\"x\",\"new_text\":\"y\"}");
        check(p, "exec", "{\"command\":\"ls\"}");
        check(p, mcpDelete, "{\"id\":7}", "s1");
        check(p, "exec", "{\"command\":\"ls\"}"); // ALLOW_ONCE: asked again
        assertThat(asked).extracting(PermissionRequest::summary).containsExactly("write notes/a.md (5 chars)", "edit a.md",
                "run: ls", "mcp_fs_delete {\"id\":7}", "run: ls");
        assertThat(metrics.count("permission.prompts")).isEqualTo(5);
        assertThat(metrics.count("permission.denied")).isZero();
    }

    @Test
    void denialIsReportedToTheModelAndTheToolDoesNotRun() throws Exception {
        PermissionGate p = interceptor(PermissionMode.DEFAULT, answering(PermissionDecision.DENY));
        ToolResult r = check(p, "exec", "{\"command\":\"rm -rf build\"}");
        assertThat(r).isNotSameAs(RAN);
        assertThat(r.error()).isTrue();
        assertThat(r.source()).isEqualTo(ToolSource.DENIED);
        assertThat(r.content()).contains("user did not allow").contains("exec");
        assertThat(metrics.count("permission.denied")).isEqualTo(1);
    }

    @Test
    void withoutAPrompterDefaultModeDeniesWithAClearMessage() throws Exception {
        PermissionGate p = interceptor(PermissionMode.DEFAULT, null);
        ToolResult r = check(p, "write_file", "{\"path\":\"a\",\"content\":\"x\"}");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("needs the user's approval in default mode").contains("non-interactive")
                .contains("acceptEdits");
        assertThat(check(p, "read_file", "{\"path\":\"a\"}")).isSameAs(RAN);
    }

    @Test
    void aPrompterInTheRunAttributesIsUsed() throws Exception {
        PermissionGate p = interceptor(PermissionMode.DEFAULT, null);
        RunContext run = RunContext.standalone(ws);
        run.attributes().put(PermissionPrompter.ATTRIBUTE, answering(PermissionDecision.ALLOW_ONCE));
        Tool exec = tools.get("exec");
        assertThat(ran(p.check(exec, new ToolCallContext("c", "exec", JsonObject.parse("{\"command\":\"ls\"}"), run)))).isSameAs(RAN);
        assertThat(asked).hasSize(1);
    }

    @Test
    void planModeDeniesEverythingThatIsNotReadOnly() throws Exception {
        PermissionGate p = interceptor(PermissionMode.PLAN, NEVER);
        for (Tool t : List.of(tools.get("write_file"), tools.get("edit_file"), tools.get("exec"), spawn, mcpDelete)) {
            ToolResult r = check(p, t, "{\"path\":\"a\",\"content\":\"\",\"command\":\"ls\"}", "s1");
            assertThat(r.error()).as(t.name()).isTrue();
            assertThat(r.source()).isEqualTo(ToolSource.DENIED);
            assertThat(r.content()).as(t.name()).contains("plan mode").contains("read-only").contains(t.name());
        }
        for (String ro : List.of("read_file", "list_dir", "web_fetch", "web_search")) {
            assertThat(check(p, ro, "{}")).as(ro).isSameAs(RAN);
        }
        assertThat(metrics.count("permission.denied")).isEqualTo(5);
        p.setMode(PermissionMode.BYPASS_PERMISSIONS);
        assertThat(check(p, "exec", "{\"command\":\"ls\"}")).isSameAs(RAN);
    }

    @Test
    void alwaysAllowHoldsForTheToolInThatSessionOnly() throws Exception {
        PermissionGate p = interceptor(PermissionMode.DEFAULT, answering(PermissionDecision.ALLOW_ALWAYS));
        check(p, "exec", "{\"command\":\"ls\"}");
        check(p, "exec", "{\"command\":\"pwd\"}");
        check(p, "exec", "{\"command\":\"date\"}");
        assertThat(asked).hasSize(1);
        assertThat(p.alwaysAllowed("s1", "exec")).isTrue();
        check(p, "write_file", "{\"path\":\"a\",\"content\":\"x\"}"); // another tool: asked
        check(p, tools.get("exec"), "{\"command\":\"ls\"}", "s2");   // another session: asked
        assertThat(asked).hasSize(3);
        p.forgetSession("s1");
        check(p, "exec", "{\"command\":\"ls\"}");
        assertThat(asked).hasSize(4);
    }

    @Test
    void concurrentQuestionsAreAskedOneAtATimeAndAnAlwaysAnswerCoversTheWaitingOnes() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        PermissionGate p = interceptor(PermissionMode.DEFAULT, r -> {
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            Thread.sleep(50);
            inside.decrementAndGet();
            asked.add(r);
            return PermissionDecision.ALLOW_ALWAYS;
        });
        List<Future<ToolResult>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) results.add(pool.submit(() -> check(p, "exec", "{\"command\":\"ls\"}")));
        }
        for (Future<ToolResult> f : results) assertThat(f.get()).isSameAs(RAN);
        assertThat(maxInside).hasValue(1);
        assertThat(asked).hasSize(1);
    }

    @Test
    void theFastPathCallsNoPrompterAndCountsEveryCheck() throws Exception {
        // allocation and time per check are measured by `tern bench permission`, not asserted here
        PermissionGate p = interceptor(PermissionMode.ACCEPT_EDITS, NEVER);
        Tool read = tools.get("read_file");
        Tool write = tools.get("write_file");
        RunContext run = RunContext.standalone(ws);
        ToolCallContext readCall = new ToolCallContext("c", "read_file", JsonObject.parse("{\"path\":\"a\"}"), run);
        ToolCallContext writeCall = new ToolCallContext("c", "write_file", JsonObject.parse("{\"path\":\"a\",\"content\":\"\"}"), run);
        for (int i = 0; i < 1_000; i++) {
            assertThat(p.check(read, readCall)).isNull();
            assertThat(p.check(write, writeCall)).isNull();
        }
        assertThat(metrics.count("permission.checks")).isEqualTo(2_000L);
        assertThat(metrics.timerSnapshot("permission.time").count()).isEqualTo(2_000L);
    }

    /** A tool that needs approval, with a 1 s timeout, that answers at once. */
    private static Tool quickTool() {
        return new Tool() {
            @Override public ToolSpec spec() { return new ToolSpec("deploy", "deploys", null); }
            @Override public ToolTraits traits() { return ToolTraits.DEFAULT.withTimeout(java.time.Duration.ofSeconds(1)); }
            @Override public ToolResult execute(ToolCallContext c) { return ToolResult.ok("deployed"); }
        };
    }

    @Test
    void aHumanWhoTakesLongerThanTheToolTimeoutStillGetsTheToolRun() {
        PermissionGate gate = new PermissionGate(PermissionMode.DEFAULT, PermissionPolicy.DEFAULT.alsoRequiring(t -> t.name().equals("deploy")),
                r -> {
                    Thread.sleep(3_000); // the human thinks for three times the tool's timeout
                    return PermissionDecision.ALLOW_ONCE;
                }, metrics);
        dev.tern.tool.ToolExecutor executor = new dev.tern.tool.ToolExecutor(metrics).addGate(gate);
        List<AgentEventRecord> seen = new CopyOnWriteArrayList<>();
        RunContext run = new RunContext("r", "main", "s", ws, new Events("r", "main", List.of(e -> seen.add(new AgentEventRecord(e)))),
                Instant.MAX, new ConcurrentHashMap<>());
        var result = executor.execute(new dev.tern.model.ToolCall("c1", "deploy", "{}"), new dev.tern.tool.ToolRegistry().register(quickTool()), run);
        assertThat(result.error()).as(result.content()).isFalse();
        assertThat(result.content()).isEqualTo("deployed");
        // the question is announced before the tool's clock starts, and the tool starts after the answer
        assertThat(seen).extracting(AgentEventRecord::type).containsSubsequence("ApprovalRequested", "ApprovalResolved", "ToolStarted", "ToolFinished");
    }

    @Test
    void cancellingTheRunWhileTheQuestionIsOpenEndsTheWaitAndHoldsNoThread() throws Exception {
        java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        List<Thread> prompting = new CopyOnWriteArrayList<>();
        PermissionGate gate = new PermissionGate(PermissionMode.DEFAULT, PermissionPolicy.DEFAULT.alsoRequiring(t -> t.name().equals("deploy")),
                r -> {
                    prompting.add(Thread.currentThread());
                    asked.countDown();
                    new java.util.concurrent.CountDownLatch(1).await(); // nobody answers
                    return PermissionDecision.ALLOW_ONCE;
                }, metrics);
        dev.tern.tool.ToolExecutor executor = new dev.tern.tool.ToolExecutor(metrics).addGate(gate);
        dev.tern.cancel.Cancellation token = dev.tern.cancel.Cancellation.create();
        RunContext run = new RunContext("r", "main", "s", ws, Events.none("r"), token, new ConcurrentHashMap<>());
        var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> executor.execute(
                new dev.tern.model.ToolCall("c1", "deploy", "{}"), new dev.tern.tool.ToolRegistry().register(quickTool()), run),
                r -> Thread.ofVirtual().start(r));
        assertThat(asked.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        token.cancel("Ctrl-C");
        var result = pending.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("cancelled");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> prompting.stream().noneMatch(Thread::isAlive));
    }

    private record AgentEventRecord(dev.tern.run.AgentEvent e) {
        String type() { return e.getClass().getSimpleName(); }
    }

    @Test
    void modesParseFromTheirConfigSpelling() {
        assertThat(PermissionMode.parse("acceptEdits")).isEqualTo(PermissionMode.ACCEPT_EDITS);
        assertThat(PermissionMode.parse("bypass_permissions")).isEqualTo(PermissionMode.BYPASS_PERMISSIONS);
        assertThat(PermissionMode.parse(" Plan ")).isEqualTo(PermissionMode.PLAN);
        assertThat(PermissionMode.parse("default")).isEqualTo(PermissionMode.DEFAULT);
        assertThatThrownBy(() -> PermissionMode.parse("sometimes")).hasMessageContaining("unknown permission mode 'sometimes'");
    }

    private static Tool simple(String name, ToolTraits traits) {
        ToolSpec spec = new ToolSpec(name, name, null);
        return new Tool() {
            @Override public ToolSpec spec() { return spec; }

            @Override public ToolTraits traits() { return traits; }

            @Override public ToolResult execute(ToolCallContext call) { return ToolResult.ok(name); }
        };
    }

    /** Issue 9, hole 2: acceptEdits let the model write .mcp.json, .git/hooks and sessions without asking. */
    @Test
    void protectedFilesAreAskedInEveryModeAndDeniedWhenNoOneCanBeAsked() throws Exception {
        PermissionPolicy policy = PermissionPolicy.DEFAULT.protecting(dev.tern.workspace.tools.ProtectedPaths.forWorkspace(ws, null, null));
        Tool write = tools.get("write_file");
        Tool edit = tools.get("edit_file");
        for (PermissionMode mode : List.of(PermissionMode.ACCEPT_EDITS, PermissionMode.BYPASS_PERMISSIONS, PermissionMode.DEFAULT)) {
            PermissionGate alone = new PermissionGate(mode, policy, null, metrics);
            for (String path : List.of(".mcp.json", ".git/hooks/pre-commit", "sessions/s.jsonl", ".tern/mcp/x.json",
                    "agents/evil.md", "./sub/../.mcp.json")) {
                ToolResult r = check(alone, write, "{\"path\":\"" + path + "\",\"content\":\"x\"}", "s1");
                assertThat(r.error()).as(mode + " " + path).isTrue();
                assertThat(r.content()).contains("protected").contains("every permission mode");
            }
            assertThat(check(alone, edit, "{\"path\":\".mcp.json\",\"old_text\":\"a\",\"new_text\":\"b\"}", "s1").error()).isTrue();
        }
        // ordinary files are still auto-approved in acceptEdits, and reads of protected files are fine
        PermissionGate accept = new PermissionGate(PermissionMode.ACCEPT_EDITS, policy, NEVER, metrics);
        assertThat(check(accept, write, "{\"path\":\"notes.md\",\"content\":\"x\"}", "s1")).isSameAs(RAN);
        assertThat(check(accept, tools.get("read_file"), "{\"path\":\".mcp.json\"}", "s1")).isSameAs(RAN);
        // with someone to ask, bypassPermissions still asks, and the answer is honoured
        PermissionGate bypass = new PermissionGate(PermissionMode.BYPASS_PERMISSIONS, policy, answering(PermissionDecision.ALLOW_ONCE), metrics);
        assertThat(check(bypass, write, "{\"path\":\".mcp.json\",\"content\":\"{}\"}", "s1")).isSameAs(RAN);
        assertThat(asked).hasSize(1);
        assertThat(asked.getFirst().summary()).startsWith("PROTECTED .mcp.json");
        PermissionGate plan = new PermissionGate(PermissionMode.PLAN, policy, answering(PermissionDecision.ALLOW_ONCE), metrics);
        assertThat(check(plan, write, "{\"path\":\".mcp.json\",\"content\":\"{}\"}", "s1").error()).isTrue();
        assertThat(asked).hasSize(1);
    }
}
