package dev.tern.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.RunResult;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.workspace.permission.PermissionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** remember / forget / recall_memory called by the model, under the permission modes. */
class MemoryToolsTest {

    @TempDir Path ws;

    private static Scenario calls(String name, String tool, String args) {
        return Scenario.parse("{\"name\": \"" + name + "\", \"steps\": [{\"toolCalls\": [{\"name\": \"" + tool + "\", \"arguments\": " + args
                + "}]}, {\"text\": \"result: {{toolResults}}\"}]}");
    }

    private RunResult turn(SimServer sim, PermissionMode mode, String model, String input) throws Exception {
        Files.writeString(ws.resolve("config.json"), "{\"memory\": {\"embeddings\": \"off\"}}");
        RuntimeOptions o = new RuntimeOptions(ws, ws.resolve("config.json"), model, mode, null, null, null,
                Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "sk-sim"));
        try (WorkspaceRuntime tern = WorkspaceRuntime.open(o)) {
            return tern.chat("tools").send(input, "cli", "tools", List.of());
        }
    }

    @Test
    void theModelRemembersRecallsAndForgetsWithinThePermissionModes() throws Exception {
        try (SimServer sim = SimServer.start(SimConfig.builder()
                .scenario(calls("remember", "remember", "{\"fact\": \"The user's favourite colour is teal.\", \"subject\": \"user\", \"attribute\": \"colour\"}"))
                .scenario(calls("recall", "recall_memory", "{\"query\": \"favourite colour\"}"))
                .scenario(calls("forget", "forget", "{\"id\": 1}")).build())) {
            assertThat(turn(sim, PermissionMode.PLAN, "sim:remember", "remember my colour").text()).contains("plan");
            assertThat(ws.resolve("memory/memory.db")).exists();   // the turn was recorded, but no fact was stored
            assertThat(Files.exists(ws.resolve("memory/MEMORY.md")) ? Files.readString(ws.resolve("memory/MEMORY.md")) : "").doesNotContain("teal");

            assertThat(turn(sim, PermissionMode.ACCEPT_EDITS, "sim:remember", "remember my colour").text())
                    .contains("Remembered as fact #1.");
            assertThat(Files.readString(ws.resolve("memory/MEMORY.md"))).contains("The user's favourite colour is teal. <!-- #1 -->");

            assertThat(turn(sim, PermissionMode.PLAN, "sim:recall", "what is my colour").text())
                    .contains("fact #1").contains("The user's favourite colour is teal.");

            // forget needs an approval: without anyone to ask it is denied, except in bypassPermissions
            assertThat(turn(sim, PermissionMode.ACCEPT_EDITS, "sim:forget", "forget it").text()).doesNotContain("Forgot");
            assertThat(turn(sim, PermissionMode.BYPASS_PERMISSIONS, "sim:forget", "forget it").text()).contains("Forgot fact #1.");
            assertThat(Files.readString(ws.resolve("memory/MEMORY.md"))).doesNotContain("teal");
            assertThat(turn(sim, PermissionMode.BYPASS_PERMISSIONS, "sim:forget", "forget it").text()).contains("there is no fact #1");
        }
    }
}
