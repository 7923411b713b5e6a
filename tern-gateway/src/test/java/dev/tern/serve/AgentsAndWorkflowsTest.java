package dev.tern.serve;

import static dev.tern.serve.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace's agents and workflows answer through the same API: {@code tern:agent/<name>}, {@code tern:workflow/<name>}. */
class AgentsAndWorkflowsTest {

    @TempDir Path ws;

    @Test
    void agentsAndWorkflowsAreModelsThatAnswer() throws Exception {
        Files.createDirectories(ws.resolve("agents"));
        Files.createDirectories(ws.resolve("workflows"));
        Files.writeString(ws.resolve("agents/reader.md"), "---\nname: reader\ndescription: reads notes\ntools: [read_file]\nmodel: sim:files\n---\nRead what is asked.");
        Files.writeString(ws.resolve("workflows/review.md"), "---\nname: review\ndescription: reviews the notes\nsteps:\n  - agent: reader\n---\n");
        try (GatewayFixture f = new GatewayFixture(ws)) {
            assertThat(json(f.get("/v1/models")).path("data").findValuesAsString("id"))
                    .contains("tern", "tern:agent/reader", "tern:agent/auto", "tern:workflow/review");

            HttpResponse<String> agent = f.post("/v1/chat/completions",
                    "{\"model\": \"tern:agent/reader\", \"messages\": [{\"role\": \"user\", \"content\": \"please read the notes\"}]}");
            assertThat(agent.statusCode()).as(agent.body()).isEqualTo(200);
            assertThat(json(agent).path("choices").get(0).path("message").path("content").asString()).contains("notes say: buy milk");

            HttpResponse<String> workflow = f.post("/v1/chat/completions",
                    "{\"model\": \"tern:workflow/review\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"please read the notes\"}]}",
                    "X-Tern-Session", "wf-1");
            assertThat(workflow.statusCode()).as(workflow.body()).isEqualTo(200);
            assertThat(workflow.body()).contains("notes say: buy milk").contains("\"tool\":\"read_file\"").endsWith("data: [DONE]\n\n");
            assertThat(json(f.get("/v1/sessions/wf-1")).path("messages").findValuesAsString("role")).containsExactly("user", "assistant");

            HttpResponse<String> tools = f.post("/v1/chat/completions", """
                    {"model": "tern:workflow/review", "messages": [{"role": "user", "content": "x"}],
                     "tools": [{"type": "function", "function": {"name": "f"}}]}""");
            assertThat(tools.statusCode()).isEqualTo(400);
        }
    }
}
