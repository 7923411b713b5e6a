package dev.tern.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tern.json.Json;
import dev.tern.serve.auth.TokenEntry;
import dev.tern.serve.auth.TokenStore;
import dev.tern.serve.auth.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The web UI in headless Chromium (playwright-core driving Debian's chromium): chat, tool timeline, metrics, sessions. */
class WebUiTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TERN_CHROMIUM", "/usr/bin/chromium"));

    @TempDir Path ws;

    @Test
    void sendAMessageSeeTheStreamedAnswerAndAToolRowReloadAndSeeTheSession() throws Exception {
        Path npm = NodeScript.npm("playwright-core");
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed at " + CHROMIUM + ": skipping (CI installs Debian's chromium)");
        String token = Tokens.create();
        TokenStore.add(new TokenEntry("web", Tokens.hash(token)), null, ws);
        Files.createDirectories(ws.resolve("users/web"));
        Files.writeString(ws.resolve("users/web/notes.txt"), "buy milk");
        Path shot = Path.of("target", "gateway-ui.png").toAbsolutePath();
        try (GatewayFixture f = new GatewayFixture(ws)) {
            NodeScript r = NodeScript.run("web-ui.mjs", npm, Map.of("TERN_BASE_URL", f.gateway.baseUrl(), "TERN_TOKEN", token,
                    "TERN_SCREENSHOT", shot.toString(), "TERN_CHROMIUM", CHROMIUM.toString()), 180);
            assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();

            JsonNode url = Json.parse(r.line("URL"));
            assertThat(url.path("hash").asString()).as("the token leaves the address bar").isEmpty();
            assertThat(url.path("tag").asString()).isEqualTo("TEXTAREA");
            JsonNode turn = Json.parse(r.line("TURN"));
            assertThat(turn.path("answer").asString()).contains("Let me look.").contains("notes say: buy milk");
            assertThat(turn.path("tool").asString()).contains("read_file").containsPattern("\\d+ ms");
            assertThat(turn.path("calls").asString()).isNotEqualTo("0");
            JsonNode reload = Json.parse(r.line("RELOAD"));
            assertThat(reload.path("sessions").toString()).contains(turn.path("session").asString());
            assertThat(reload.path("messages").toString()).contains("msg user: please read the notes").contains("notes say");
            assertThat(Json.parse(r.line("ERRORS"))).isEmpty();
            assertThat(shot).isRegularFile();
        }
    }
}
