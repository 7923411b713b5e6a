package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.sim.embed.Embedder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EmbeddingsTest {

    static float[] vector(JsonNode embedding) {
        float[] v = new float[embedding.size()];
        for (int i = 0; i < v.length; i++) v[i] = embedding.get(i).floatValue();
        return v;
    }

    @Test
    void openAiShapeDeterministicUnitVectorsWhereSharedWordsAreCloser() throws Exception {
        try (SimServer server = SimServer.start()) {
            SimClient c = new SimClient(server);
            String req = "{\"model\": \"text-embedding-3-small\", \"input\": [\"the quarterly revenue report for ACME\","
                    + " \"ACME quarterly revenue grew\", \"a recipe for banana bread\"]}";
            HttpResponse<String> r = c.post("/v1/embeddings", req);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = SimClient.json(r);
            assertThat(body.get("object").stringValue()).isEqualTo("list");
            assertThat(body.get("model").stringValue()).isEqualTo("text-embedding-3-small");
            assertThat(body.get("data")).hasSize(3);
            JsonNode d0 = body.get("data").get(0);
            assertThat(d0.get("object").stringValue()).isEqualTo("embedding");
            assertThat(d0.get("index").asInt()).isZero();
            float[] report = vector(d0.get("embedding"));
            float[] grew = vector(body.get("data").get(1).get("embedding"));
            float[] bread = vector(body.get("data").get(2).get("embedding"));
            assertThat(report).hasSize(256);
            double norm = 0;
            for (float f : report) norm += f * f;
            assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(Embedder.cosine(report, grew)).isGreaterThan(0.4).isGreaterThan(Embedder.cosine(report, bread) + 0.3);
            JsonNode usage = body.get("usage");
            assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(usage.get("total_tokens").asLong()).isPositive();

            JsonNode again = SimClient.json(c.post("/v1/embeddings",
                    "{\"model\": \"text-embedding-3-small\", \"input\": \"the quarterly revenue report for ACME\"}"));
            assertThat(vector(again.get("data").get(0).get("embedding"))).containsExactly(report);
            JsonNode otherModel = SimClient.json(c.post("/v1/embeddings",
                    "{\"model\": \"other\", \"input\": \"the quarterly revenue report for ACME\"}"));
            assertThat(vector(otherModel.get("data").get(0).get("embedding"))).isNotEqualTo(report);

            SimStats s = server.stats();
            assertThat(s.embeddingInputs()).isEqualTo(5);
            assertThat(s.embeddingTokens()).isPositive();
            assertThat(s.endpoint("POST /v1/embeddings")).isEqualTo(3);
        }
    }

    @Test
    void dimensionsBase64AndTokenInputs() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().embeddingDimensions(64).build())) {
            SimClient c = new SimClient(server);
            float[] floats = vector(SimClient.json(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"hello world\"}"))
                    .get("data").get(0).get("embedding"));
            assertThat(floats).hasSize(64);
            JsonNode b64 = SimClient.json(c.post("/v1/embeddings",
                    "{\"model\": \"m\", \"input\": \"hello world\", \"encoding_format\": \"base64\"}"));
            ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(b64.get("data").get(0).get("embedding").stringValue()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            float[] decoded = new float[buf.remaining() / 4];
            for (int i = 0; i < decoded.length; i++) decoded[i] = buf.getFloat();
            assertThat(decoded).containsExactly(floats);
            assertThat(SimClient.json(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"x\", \"dimensions\": 8}"))
                    .get("data").get(0).get("embedding")).hasSize(8);
            JsonNode tokens = SimClient.json(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": [[1, 2, 3], [4]]}"));
            assertThat(tokens.get("data")).hasSize(2);
            assertThat(tokens.get("usage").get("prompt_tokens").asInt()).isEqualTo(4);
        }
    }

    @Test
    void badRequestsAndAuthGetOpenAiErrors() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().apiKey("k").contextWindow("small-embed", 5).build())) {
            SimClient c = new SimClient(server);
            String[] auth = {"authorization", "Bearer k"};
            assertThat(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"x\"}").statusCode()).isEqualTo(401);
            assertError(c.post("/v1/embeddings", "{\"model\": \"m\"}", auth), "input", "missing_required_parameter");
            assertError(c.post("/v1/embeddings", "{\"input\": \"x\"}", auth), null, null);
            assertError(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": []}", auth), "input", "empty_array");
            assertError(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"\"}", auth), null, null);
            assertError(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"x\", \"dimensions\": 0}", auth),
                    "dimensions", "integer_below_min_value");
            assertError(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"x\", \"encoding_format\": \"hex\"}", auth),
                    "encoding_format", "invalid_value");
            HttpResponse<String> tooLong = c.post("/v1/embeddings", "{\"model\": \"small-embed\", \"input\": \""
                    + "word ".repeat(20) + "\"}", auth);
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(SimClient.json(tooLong).get("error").get("message").stringValue())
                    .startsWith("This model's maximum context length is 5 tokens, however you requested");
            assertThat(c.post("/v1/embeddings", "{\"model\": \"m\", \"input\": \"x\"}", auth).statusCode()).isEqualTo(200);
        }
    }

    private static void assertError(HttpResponse<String> r, String param, String code) {
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode err = SimClient.json(r).get("error");
        assertThat(err.get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(err.get("param").isNull() ? null : err.get("param").stringValue()).isEqualTo(param);
        assertThat(err.get("code").isNull() ? null : err.get("code").stringValue()).isEqualTo(code);
    }
}
