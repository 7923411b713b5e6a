package dev.tern.serve;

import static dev.tern.serve.GatewayFixture.chat;
import static dev.tern.serve.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.runtime.SetupException;
import dev.tern.serve.auth.TokenEntry;
import dev.tern.serve.auth.TokenStore;
import dev.tern.serve.auth.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens, users and their isolation: two users cannot see each other's sessions or memory, both ways. */
class AuthIsolationTest {

    @TempDir Path ws;
    GatewayFixture f;
    String alice;
    String bob;

    @BeforeEach
    void start() throws Exception {
        alice = Tokens.create();
        bob = Tokens.create();
        TokenStore.add(new TokenEntry("alice", Tokens.hash(alice)), null, ws);
        TokenStore.add(new TokenEntry("bob", Tokens.hash(bob)), null, ws);
        f = new GatewayFixture(ws, "{}", Map.of(), c -> c.withRateLimit(60, 12).withMaxRequestBytes(4096));
    }

    @AfterEach
    void stop() { if (f != null) f.close(); }

    String[] as(String token) { return new String[] {"Authorization", "Bearer " + token}; }

    @Test
    void everyApiCallNeedsAValidTokenOnceAnyExists() throws Exception {
        for (HttpResponse<String> r : new HttpResponse[] {f.get("/v1/models"), f.get("/v1/sessions"), f.post("/v1/chat/completions", chat("hi")),
                f.get("/v1/models", "Authorization", "Bearer tern_wrong"), f.get("/v1/models", "Authorization", "Basic abc")}) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).path("error").path("code").asString()).isEqualTo("invalid_api_key");
        }
        assertThat(f.get("/v1/models", as(alice)).statusCode()).isEqualTo(200);
        assertThat(f.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(f.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void sessionsAreInvisibleToTheOtherUserBothWays() throws Exception {
        assertThat(f.post("/v1/chat/completions", chat("alice private"), join(as(alice), "X-Tern-Session", "a-only")).statusCode()).isEqualTo(200);
        assertThat(f.post("/v1/chat/completions", chat("bob private"), join(as(bob), "X-Tern-Session", "b-only")).statusCode()).isEqualTo(200);
        assertThat(f.post("/v1/chat/completions", chat("alice same"), join(as(alice), "X-Tern-Session", "same")).statusCode()).isEqualTo(200);
        assertThat(f.post("/v1/chat/completions", chat("bob same"), join(as(bob), "X-Tern-Session", "same")).statusCode()).isEqualTo(200);

        assertThat(json(f.get("/v1/sessions", as(alice))).path("data").findValuesAsString("id")).containsExactlyInAnyOrder("a-only", "same");
        assertThat(json(f.get("/v1/sessions", as(bob))).path("data").findValuesAsString("id")).containsExactlyInAnyOrder("b-only", "same");
        // another user's id answers exactly like an id that never existed (no existence oracle)
        HttpResponse<String> foreign = f.get("/v1/sessions/a-only", as(bob));
        HttpResponse<String> never = f.get("/v1/sessions/a-nothing", as(bob));
        assertThat(foreign.statusCode()).isEqualTo(404).isEqualTo(never.statusCode());
        assertThat(foreign.body().replace("a-only", "X")).isEqualTo(never.body().replace("a-nothing", "X"));
        assertThat(f.get("/v1/sessions/b-only", as(alice)).statusCode()).isEqualTo(404);
        assertThat(f.delete("/v1/sessions/a-only", as(bob)).statusCode()).isEqualTo(404);
        assertThat(f.get("/v1/sessions/a-only", as(alice)).statusCode()).isEqualTo(200);
        // the same session id is two sessions
        assertThat(json(f.get("/v1/sessions/same", as(alice))).toString()).contains("alice same").doesNotContain("bob same");
        assertThat(json(f.get("/v1/sessions/same", as(bob))).toString()).contains("bob same").doesNotContain("alice same");
        assertThat(ws.resolve("users/alice/sessions")).isDirectory();
        assertThat(ws.resolve("users/bob/sessions")).isDirectory();
    }

    @Test
    void memoryIsInvisibleToTheOtherUserBothWays() throws Exception {
        for (String u : new String[] {"alice", "bob"}) {
            Files.createDirectories(ws.resolve("users/" + u + "/memory"));
            Files.writeString(ws.resolve("users/" + u + "/memory/MEMORY.md"), u + "-secret");
        }
        String a = answer(f.post("/v1/chat/completions", chat("recall memory"), as(alice)));
        String b = answer(f.post("/v1/chat/completions", chat("recall memory"), as(bob)));
        assertThat(a).contains("alice-secret").doesNotContain("bob-secret");
        assertThat(b).contains("bob-secret").doesNotContain("alice-secret");
        // a path out of one's own folder is refused by the tools (restrictToWorkspace)
        assertThat(answer(f.post("/v1/chat/completions", chat("peek at alice"), as(bob)))).doesNotContain("alice-secret");
        assertThat(f.gateway.users().of(new dev.tern.serve.auth.User("alice", false)).memory())
                .isNotSameAs(f.gateway.users().of(new dev.tern.serve.auth.User("bob", false)).memory());
    }

    @Test
    void aUserOverTheRateLimitGets429WithRetryAfterAndTheOtherUserDoesNot() throws Exception {
        int limited = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 20; i++) {
            last = f.get("/v1/models", as(alice));
            if (last.statusCode() == 429) {
                limited++;
                break;
            }
        }
        assertThat(limited).isEqualTo(1);
        assertThat(last.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(json(last).path("error").path("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(f.get("/v1/models", as(bob)).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        HttpResponse<String> r = f.post("/v1/chat/completions", chat("x".repeat(10_000)), as(alice));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").path("code").asString()).isEqualTo("request_too_large");
    }

    @Test
    void withoutTokensTheServerRefusesANonLoopbackAddress(@TempDir Path other) throws Exception {
        Files.writeString(other.resolve("config.json"), "{}");
        assertThatThrownBy(() -> Gateway.start(new Gateway.Options(other, other.resolve("config.json"), "0.0.0.0", 0,
                Map.of("OPENAI_API_KEY", "x"), java.util.List.of(), false, null)))
                .isInstanceOf(SetupException.class).hasMessageContaining("refusing to listen on 0.0.0.0 without tokens");
    }

    static String answer(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).path("choices").get(0).path("message").path("content").asString();
    }

    static String[] join(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
