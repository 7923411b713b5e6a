package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuthTest {

    static SimServer server;
    static SimClient client;

    @BeforeAll
    static void start() {
        server = SimServer.start(SimConfig.builder().apiKey("sk-sim-secret-1234").build());
        client = new SimClient(server);
    }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void openAiRequiresBearerKey() throws Exception {
        String body = SimClient.openAiRequest("m", "x").toString();
        HttpResponse<String> none = client.openAi(body);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(SimClient.json(none).get("error").get("type").stringValue()).isEqualTo("invalid_request_error");
        HttpResponse<String> wrong = client.openAi(body, "Authorization", "Bearer sk-wrong-000000");
        assertThat(wrong.statusCode()).isEqualTo(401);
        JsonNode err = SimClient.json(wrong).get("error");
        assertThat(err.get("code").stringValue()).isEqualTo("invalid_api_key");
        assertThat(err.get("message").stringValue()).doesNotContain("sk-wrong-000000");
        assertThat(client.openAi(body, "Authorization", "Bearer sk-sim-secret-1234").statusCode()).isEqualTo(200);
    }

    @Test
    void anthropicRequiresXApiKey() throws Exception {
        String body = SimClient.anthropicRequest("m", "x").toString();
        HttpResponse<String> bearer = client.anthropic(body, "Authorization", "Bearer sk-sim-secret-1234");
        assertThat(bearer.statusCode()).isEqualTo(401);
        JsonNode err = SimClient.json(bearer);
        assertThat(err.get("type").stringValue()).isEqualTo("error");
        assertThat(err.get("error").get("type").stringValue()).isEqualTo("authentication_error");
        assertThat(client.anthropic(body, "x-api-key", "sk-sim-secret-1234").statusCode()).isEqualTo(200);
        assertThat(server.stats().status(401)).isGreaterThanOrEqualTo(1);
    }
}
