package dev.tern.serve;

import static dev.tern.serve.GatewayFixture.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every response carries {@code x-request-id}; the same id is in the request's log line and on its OTLP spans. */
class RequestIdTest {

    @TempDir Path ws;

    private final Logger access = Logger.getLogger("dev.tern.serve.access");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { lines.add(r.getMessage()); }

        @Override public void flush() { }

        @Override public void close() { }
    };

    @BeforeEach
    void listen() { access.addHandler(capture); }

    @AfterEach
    void stop() { access.removeHandler(capture); }

    @Test
    void theRequestIdIsInTheHeaderTheLogLineAndTheSpans() throws Exception {
        try (OtlpReceiver otlp = new OtlpReceiver();
             GatewayFixture f = new GatewayFixture(ws, "{}", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                     "OTEL_BSP_SCHEDULE_DELAY", "50"), null)) {
            HttpResponse<String> r = f.post("/v1/chat/completions", chat("please read the notes"));
            assertThat(r.statusCode()).isEqualTo(200);
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertThat(id).matches("req_[0-9a-f]{32}");
            String traceId = r.headers().firstValue("X-Trace-Id").orElseThrow();

            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("request=" + id)));
            assertThat(lines).filteredOn(l -> l.contains("request=" + id))
                    .singleElement().asString().contains("trace=" + traceId).contains("POST /v1/chat/completions 200");

            await().atMost(Duration.ofSeconds(20)).until(() -> otlp.named("POST /v1/chat/completions") != null && otlp.named("invoke_agent main") != null);
            assertThat(otlp.named("POST /v1/chat/completions").attributes()).containsEntry("tern.request.id", id);
            assertThat(otlp.named("invoke_agent main").attributes()).containsEntry("tern.request.id", id);
        }
    }

    @Test
    void eachResponseHasItsOwnIdAndAProxysPlainIdIsKept() throws Exception {
        try (GatewayFixture f = new GatewayFixture(ws)) {
            String a = f.get("/healthz").headers().firstValue("x-request-id").orElseThrow();
            String b = f.get("/v1/nothing-here").headers().firstValue("x-request-id").orElseThrow();
            assertThat(a).isNotEqualTo(b).matches("req_[0-9a-f]{32}");
            assertThat(b).matches("req_[0-9a-f]{32}");

            assertThat(f.get("/v1/models", "X-Request-Id", "edge-42.a:b_c").headers().firstValue("x-request-id")).hasValue("edge-42.a:b_c");
            assertThat(f.get("/v1/models", "X-Request-Id", "two words").headers().firstValue("x-request-id"))
                    .hasValueSatisfying(v -> assertThat(v).matches("req_[0-9a-f]{32}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("request=edge-42.a:b_c")));
        }
    }
}
