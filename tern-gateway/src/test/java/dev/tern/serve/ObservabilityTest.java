package dev.tern.serve;

import static dev.tern.serve.GatewayFixture.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} (Prometheus, GenAI metrics that move) and OTLP traces (the GenAI span tree arrives at an endpoint). */
class ObservabilityTest {

    @TempDir Path ws;

    @Test
    void prometheusShowsGenAiTokenAndDurationMetricsThatMoveAfterARequest() throws Exception {
        try (GatewayFixture f = new GatewayFixture(ws)) {
            double before = sum(f.get("/metrics").body(), "gen_ai_client_token_usage_count");
            f.post("/v1/chat/completions", chat("please read the notes"));
            String after = f.get("/metrics").body();

            assertThat(sum(after, "gen_ai_client_token_usage_count")).isGreaterThan(before);
            assertThat(after).contains("gen_ai_client_token_usage_sum{").contains("gen_ai_token_type=\"input\"").contains("gen_ai_token_type=\"output\"")
                    .contains("gen_ai_client_operation_duration_seconds_count{").contains("gen_ai_operation_name=\"chat\"")
                    .contains("gen_ai_provider_name=\"openai\"")
                    .contains("tern_model_calls_total").contains("tern_tool_calls_total").contains("tern_gateway_requests_seconds");
            assertThat(sum(after, "gen_ai_client_operation_duration_seconds_count")).isEqualTo(2);
        }
    }

    @Test
    void aSpanTreeInvokeAgentChatExecuteToolArrivesAtTheOtlpEndpoint() throws Exception {
        try (OtlpReceiver otlp = new OtlpReceiver();
             GatewayFixture f = new GatewayFixture(ws, "{}", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                     "OTEL_BSP_SCHEDULE_DELAY", "50", "OTEL_METRIC_EXPORT_INTERVAL", "200"), null)) {
            assertThat(f.gateway.telemetry().tracing()).isTrue();
            HttpResponse<String> r = f.post("/v1/chat/completions", chat("please read the notes"));
            String traceId = r.headers().firstValue("X-Trace-Id").orElseThrow();

            await().atMost(Duration.ofSeconds(20)).until(() -> otlp.named("execute_tool") != null && otlp.named("POST ") != null);
            OtlpReceiver.Span server = otlp.named("POST /v1/chat/completions");
            OtlpReceiver.Span agent = otlp.named("invoke_agent main");
            OtlpReceiver.Span tool = otlp.named("execute_tool read_file");
            OtlpReceiver.Span chat = otlp.spans.stream().filter(s -> s.name().startsWith("chat ") && s.spanId().equals(tool.parentId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no chat span is the parent of execute_tool: " + otlp.spans));
            assertThat(agent.parentId()).isEqualTo(server.spanId());
            assertThat(chat.parentId()).isEqualTo(agent.spanId());
            assertThat(tool.parentId()).isEqualTo(chat.spanId());
            assertThat(java.util.List.of(server, agent, chat, tool)).extracting(OtlpReceiver.Span::traceId).containsOnly(traceId);
            assertThat(agent.attributes()).containsEntry("gen_ai.operation.name", "invoke_agent").containsEntry("gen_ai.agent.name", "main");
            assertThat(chat.attributes()).containsEntry("gen_ai.operation.name", "chat").containsEntry("gen_ai.provider.name", "openai")
                    .containsKey("gen_ai.request.model").containsKey("gen_ai.usage.input_tokens");
            assertThat(tool.attributes()).containsEntry("gen_ai.operation.name", "execute_tool").containsEntry("gen_ai.tool.name", "read_file");
            await().atMost(Duration.ofSeconds(20)).until(() -> !otlp.metricPosts.isEmpty());
        }
    }

    /** Sum of every sample of a metric in a Prometheus text exposition. */
    static double sum(String text, String metric) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        double s = 0;
        while (m.find()) s += Double.parseDouble(m.group(2));
        return s;
    }
}
