package dev.tern.serve;

import static dev.tern.serve.GatewayFixture.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Graceful shutdown: stop accepting, let running turns finish within the bound, cancel the rest, keep the session. */
class DrainTest {

    @TempDir Path ws;

    @Test
    void aRunningTurnFinishesWhileNewOnesAreRefused() throws Exception {
        GatewayFixture f = new GatewayFixture(ws, "{}", Map.of(), c -> c.withDrainTimeout(Duration.ofSeconds(20)));
        try {
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> call(f, chat("answer slowly"), "X-Tern-Session", "d1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> f.gateway.turns().running() == 1);
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(f.gateway::close);
            await().atMost(Duration.ofSeconds(5)).until(() -> f.gateway.turns().draining());
            assertThat(f.get("/readyz").statusCode()).isEqualTo(503);
            HttpResponse<String> refused = f.post("/v1/chat/completions", chat("too late"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("shutting down");

            HttpResponse<String> done = slow.get();
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).contains("finally done");
            closing.get();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        } finally {
            f.close();
        }
    }

    @Test
    void aTurnStillRunningAtTheBoundIsCancelledAndItsSessionKeepsWhatWasSaid() throws Exception {
        GatewayFixture f = new GatewayFixture(ws, "{}", Map.of(), c -> c.withDrainTimeout(Duration.ZERO));
        try {
            CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> call(f,
                    "{\"model\": \"tern\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"answer slowly\"}]}",
                    "X-Tern-Session", "d2"));
            await().atMost(Duration.ofSeconds(10)).until(() -> f.gateway.turns().running() == 1);
            long start = System.nanoTime();
            f.gateway.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            HttpResponse<String> cut = slow.get();
            assertThat(cut.body()).contains("\"code\":\"cancelled\"").doesNotContain("[DONE]");
            try (var store = new dev.tern.workspace.session.FileSessionStore(ws)) {
                assertThat(store.open("d2").messages().getFirst().toString()).contains("answer slowly");
            }
        } finally {
            f.close();
        }
    }

    private static HttpResponse<String> call(GatewayFixture f, String body, String... headers) {
        try {
            return f.post("/v1/chat/completions", body, headers);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
