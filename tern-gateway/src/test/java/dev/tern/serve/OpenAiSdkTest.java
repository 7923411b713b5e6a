package dev.tern.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.serve.auth.TokenEntry;
import dev.tern.serve.auth.TokenStore;
import dev.tern.serve.auth.Tokens;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The official {@code openai} npm SDK talks to tern serve unchanged (with a bearer token). */
class OpenAiSdkTest {

    @TempDir Path ws;

    @Test
    void theOfficialSdkWorksUnchanged() throws Exception {
        Path npm = NodeScript.npm("openai");
        String token = Tokens.create();
        TokenStore.add(new TokenEntry("sdk", Tokens.hash(token)), null, ws);
        java.nio.file.Files.createDirectories(ws.resolve("users/sdk"));
        java.nio.file.Files.writeString(ws.resolve("users/sdk/notes.txt"), "buy milk");
        try (GatewayFixture f = new GatewayFixture(ws)) {
            NodeScript r = NodeScript.run("openai-sdk.mjs", npm, Map.of("TERN_BASE_URL", f.gateway.baseUrl(), "TERN_TOKEN", token), 120);
            assertThat(r.exit()).as(r.stderr()).isZero();

            JsonNode plain = Json.parse(r.line("NONSTREAM"));
            assertThat(plain.path("content").asString()).startsWith("echo: hello sdk");
            assertThat(plain.path("finish").asString()).isEqualTo("stop");
            assertThat(plain.path("total").asLong()).isPositive();

            JsonNode stream = Json.parse(r.line("STREAM"));
            assertThat(stream.path("text").asString()).startsWith("Let me look.\n\nnotes say: buy milk");
            assertThat(stream.path("finish").asString()).isEqualTo("stop");
            assertThat(stream.path("total").asLong()).isPositive();

            JsonNode tools = Json.parse(r.line("TOOLS"));
            assertThat(tools.path("finish").asString()).isEqualTo("tool_calls");
            assertThat(tools.path("name").asString()).isEqualTo("get_weather");
            assertThat(tools.path("answer").asString()).isEqualTo("Paris: sunny in Paris");

            JsonNode streamed = Json.parse(r.line("STREAMTOOLS"));
            assertThat(streamed.path("finish").asString()).isEqualTo("tool_calls");
            assertThat(streamed.path("name").asString()).isEqualTo("get_weather");
            assertThat(Json.parse(streamed.path("args").asString()).path("city").asString()).isEqualTo("Paris");

            JsonNode error = Json.parse(r.line("ERROR"));
            assertThat(error.path("status").asInt()).isEqualTo(404);
            assertThat(error.path("code").asString()).isEqualTo("model_not_found");
            assertThat(error.path("kind").asString()).isEqualTo("NotFoundError");

            assertThat(Json.parse(r.line("MODELS")).path("ids").toString()).contains("\"tern\"");
        }
    }
}
