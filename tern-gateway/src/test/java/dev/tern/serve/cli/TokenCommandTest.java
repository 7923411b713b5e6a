package dev.tern.serve.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.serve.auth.Authenticator;
import dev.tern.serve.auth.TokenStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tern token create NAME}: the token is printed once on the last line and only its hash is stored. */
class TokenCommandTest {

    @TempDir Path ws;

    record Run(int code, String out) {
        String lastLine() { return out.strip().lines().reduce((a, b) -> b).orElse(""); }
    }

    static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new TokenCommand()).execute(args);
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void createsATokenThatAuthenticatesAndStoresOnlyItsHash() throws Exception {
        Run r = run("create", "alice", "--workspace", ws.toString());
        assertThat(r.code()).isZero();
        String token = r.lastLine();
        assertThat(token).startsWith("tern_").hasSizeGreaterThan(40);
        String stored = Files.readString(TokenStore.workspaceFile(ws));
        assertThat(stored).doesNotContain(token).contains("alice");
        assertThat(new Authenticator(TokenStore.loadWorkspace(ws)).authenticate("Bearer " + token).name()).isEqualTo("alice");
    }

    @Test
    void withConfigTheHashGoesIntoServeTokensAndTheRestOfTheFileIsKept() throws Exception {
        Path config = ws.resolve("config.json");
        Files.writeString(config, "{\"agents\": {\"model\": \"m\"}, \"serve\": {\"port\": 9000}}");
        Run r = run("create", "bob", "--workspace", ws.toString(), "--config", config.toString());
        assertThat(r.code()).isZero();
        var json = Json.parse(Files.readString(config));
        assertThat(json.path("agents").path("model").asString()).isEqualTo("m");
        assertThat(json.path("serve").path("port").asInt()).isEqualTo(9000);
        assertThat(json.path("serve").path("tokens").get(0).path("name").asString()).isEqualTo("bob");
        assertThat(Files.readString(config)).doesNotContain(r.lastLine());
    }

    @Test
    void aBadNameIsRefusedWithOneLine() {
        assertThat(run("create", "../evil", "--workspace", ws.toString()).code()).isNotZero();
        assertThat(List.of(ws.toFile().list())).doesNotContain(".tern");
    }
}
