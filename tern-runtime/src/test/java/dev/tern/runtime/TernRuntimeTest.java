package dev.tern.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.run.RunResult;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process, several workspaces (or users): one HTTP client and one set of counters, separate state. */
class TernRuntimeTest {

    @TempDir Path home;
    @TempDir Path a;
    @TempDir Path b;

    @Test
    void twoWorkspacesShareTheClientAndCountersButNotTheirSessions() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().build());
             TernRuntime rt = TernRuntime.create(home)) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k");
            WorkspaceRuntime wa = echo(rt, a, env);
            WorkspaceRuntime wb = echo(rt, b, env);

            assertThat(wa.http()).isSameAs(wb.http());
            assertThat(wa.metrics()).isSameAs(wb.metrics());
            assertThat(wa.gateway()).isNotSameAs(wb.gateway());
            assertThat(rt.workspaces()).containsExactly(wa, wb);

            RunResult ra = wa.chat("s").send("hello from a", "test", "s", java.util.List.of());
            RunResult rb = wb.chat("s").send("hello from b", "test", "s", java.util.List.of());
            assertThat(ra.text()).contains("hello from a");
            assertThat(rb.text()).contains("hello from b");
            assertThat(wa.sessions().open("s").messages()).noneMatch(m -> m.toString().contains("hello from b"));
            assertThat(rt.metrics().count("model.calls")).isEqualTo(2);

            wa.close();
            assertThat(rt.workspaces()).containsExactly(wb);
        }
    }

    @Test
    void aWorkspaceConnectsToItsModelsServerWhileItIsAssembledAndItsFirstCallUsesThatConnection() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().build());
             TernRuntime rt = TernRuntime.create(home)) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k");
            Files.writeString(a.resolve("config.json"), "{}");
            WorkspaceRuntime w = rt.open(new RuntimeOptions(a, a.resolve("config.json"), "sim:echo", null, null, null, null, env));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> sim.connectionsAccepted() == 1);
            assertThat(sim.stats().requests()).isZero();

            assertThat(w.chat("s").send("hello", "test", "s", java.util.List.of()).text()).contains("hello");
            assertThat(w.chat("s").send("again", "test", "s", java.util.List.of()).text()).contains("again");
            assertThat(sim.connectionsAccepted()).as("one connection, opened ahead, for every call").isEqualTo(1);
        }
    }

    @Test
    void theWorkspacesSandboxesShareOneEtcCopyThatGoesWithTheRuntime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed");
        Path etc;
        try (SimServer sim = SimServer.start(SimConfig.builder().build());
             TernRuntime rt = TernRuntime.create(home)) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k");
            WorkspaceRuntime wa = echo(rt, a, env);
            WorkspaceRuntime wb = echo(rt, b, env);
            etc = etcOf(wa.sandbox().wrap(java.util.List.of("true"), a, java.util.List.of()));
            assertThat(etcOf(wb.sandbox().wrap(java.util.List.of("true"), b, java.util.List.of())))
                    .as("one /etc copy for every workspace of the process").isEqualTo(etc);
            assertThat(etc.getParent()).isEqualTo(rt.sandboxFiles().folder());

            wa.close();
            assertThatThrownBy(() -> wa.sandbox().wrap(java.util.List.of("true"), a, java.util.List.of()))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(etc).as("still used by the other workspace").isDirectory();
        }
        assertThat(etc.getParent()).as("removed with the runtime").doesNotExist();
    }

    /** A workspace with an empty config on the simulator's echo model. */
    private static WorkspaceRuntime echo(TernRuntime rt, Path ws, Map<String, String> env) throws Exception {
        Files.writeString(ws.resolve("config.json"), "{}");
        return rt.open(new RuntimeOptions(ws, ws.resolve("config.json"), "sim:echo", null, null, null, null, env));
    }

    private static Path etcOf(java.util.List<String> bwrapArgs) {
        return Path.of(bwrapArgs.get(bwrapArgs.indexOf("/etc") - 1));
    }

    @Test
    void aMissingConfigFileIsAOneLineSetupError() {
        try (TernRuntime rt = TernRuntime.create(home)) {
            assertThatThrownBy(() -> rt.open(new RuntimeOptions(a, a.resolve("nope.json"), null, null, null, null, null, Map.of())))
                    .isInstanceOf(SetupException.class).hasMessage("config file not found: " + a.resolve("nope.json"));
            assertThat(rt.workspaces()).isEmpty();
        }
    }

    @Test
    void anOpenAiPrimaryWithAnAnthropicFallbackAnswersFromAnthropicWhenThePrimaryFails() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder()
                .scenario(dev.tern.sim.Scenario.parse("""
                        {"name": "down", "steps": [{"text": "never", "fault": {"type": "status", "status": 503}}]}"""))
                .scenario(dev.tern.sim.Scenario.parse("""
                        {"name": "up", "steps": [{"text": "answered by the fallback"}]}""")).build());
             TernRuntime rt = TernRuntime.create(home)) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k",
                    "ANTHROPIC_BASE_URL", sim.baseUrl(), "ANTHROPIC_API_KEY", "k");
            Files.writeString(a.resolve("config.json"), """
                    {"budget": {"fallbackModels": ["anthropic:sim:up"]}}""");
            WorkspaceRuntime w = rt.open(new RuntimeOptions(a, a.resolve("config.json"), "openai:sim:down", null, null, null, null, env));
            RunResult r = w.chat("s").send("hello", "test", "s", java.util.List.of());

            assertThat(r.outcome()).as(r.reason()).isEqualTo(RunResult.Outcome.COMPLETED);
            assertThat(r.text()).isEqualTo("answered by the fallback");
            assertThat(sim.stats().byEndpoint()).containsKey("POST /v1/chat/completions").containsKey("POST /v1/messages");
            assertThat(sim.requests().getLast().path()).isEqualTo("/v1/messages");
        }
    }

    @Test
    void anUnknownModelsWindowComesFromTheProvidersModelList() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder().contextWindow("sim:echo", 2_000).build());
             TernRuntime rt = TernRuntime.create(home)) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k");
            Files.writeString(a.resolve("config.json"), "{}");
            WorkspaceRuntime w = rt.open(new RuntimeOptions(a, a.resolve("config.json"), "sim:echo", null, null, null, null, env));
            RunResult r = w.chat("s").send("x ".repeat(6_000), "test", "s", java.util.List.of());

            // the guard knew the 2 000-token window from GET /v1/models and refused before sending
            assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
            assertThat(r.reason()).contains("context window 2 000");
            assertThat(sim.stats().byEndpoint()).doesNotContainKey("POST /v1/chat/completions");
        }
    }
}
