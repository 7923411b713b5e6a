package dev.tern.provider.internal;

import dev.tern.model.ModelException;
import dev.tern.model.ModelException.Kind;
import org.junit.jupiter.api.Test;

import dev.tern.http.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTest {

    private final ErrorMapper mapper = new ErrorMapper("openai", "sk-secret-123456");

    private ModelException map(int status, String body, String... headers) {
        return mapper.fromResponse(status, Headers.of(headers), body.getBytes(StandardCharsets.UTF_8),
                Instant.now());
    }

    @Test
    void statusesMapToKinds() {
        assertThat(map(401, "{}").kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(map(403, "{}").kind()).isEqualTo(Kind.PERMISSION);
        assertThat(map(404, "{}").kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(map(400, "{}").kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(map(422, "{}").kind()).isEqualTo(Kind.BAD_REQUEST);
        assertThat(map(429, "{}").kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(map(529, "{}").kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(map(500, "{}").kind()).isEqualTo(Kind.SERVER);
        assertThat(map(503, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}").kind())
                .isEqualTo(Kind.OVERLOADED);
    }

    @Test
    void contextTooLongIsRecognisedInBothWireShapes() {
        assertThat(map(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\","
                + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}").kind())
                .isEqualTo(Kind.CONTEXT_LENGTH);
        assertThat(map(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}").kind())
                .isEqualTo(Kind.CONTEXT_LENGTH);
    }

    @Test
    void messageIsOneLineWithProviderStatusAndServerWordsButNoKey() {
        ModelException e = map(401, "{\"error\":{\"message\":\"Incorrect API key provided:\\n sk-secret-123456.\","
                + "\"type\":\"invalid_request_error\"}}");
        assertThat(e.getMessage()).startsWith("openai: HTTP 401").contains("Incorrect API key provided")
                .doesNotContain("sk-secret-123456").doesNotContain("\n");
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.provider()).isEqualTo("openai");
    }

    @Test
    void retryAfterIsCarriedAndPlainTextBodiesAreQuoted() {
        ModelException e = map(429, "slow down please", "retry-after", "3");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(e.getMessage()).contains("rate limited").contains("slow down please");
    }

    @Test
    void streamErrorsMapByType() {
        assertThat(mapper.fromStreamError("overloaded_error", "Overloaded").kind()).isEqualTo(Kind.OVERLOADED);
        assertThat(mapper.fromStreamError("rate_limit_error", "x").kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(mapper.fromStreamError("api_error", "boom").kind()).isEqualTo(Kind.SERVER);
        assertThat(mapper.fromStreamError(null, "boom").getMessage()).isEqualTo("openai: error in stream (unknown): boom");
    }

    @Test
    void aServerErrorInAnUnknownShapeKeepsItsDetail() {
        ModelException fastApi = map(500, "{\"detail\": [{\"loc\": [\"body\"], \"msg\": \"worker crashed: CUDA out of memory\"}]}");
        assertThat(fastApi.getMessage()).startsWith("openai: HTTP 500 server error: ").contains("CUDA out of memory");
        ModelException google = map(500, "{\"error\": {\"code\": 500, \"status\": \"INTERNAL\", \"details\": [\"backend unavailable\"]}}");
        assertThat(google.getMessage()).contains("backend unavailable");
        assertThat(map(500, "{}").getMessage()).isEqualTo("openai: HTTP 500 server error");
    }
}
