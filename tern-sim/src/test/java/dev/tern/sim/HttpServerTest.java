package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpServerTest {

    static SimServer server;

    @BeforeAll
    static void start() { server = SimServer.start(SimConfig.defaults()); }

    @AfterAll
    static void stop() { server.close(); }

    @Test
    void keepAliveServesManyRequestsOnOneConnection() throws Exception {
        String body = SimClient.openAiRequest("m", "ping").toString();
        try (RawHttp raw = new RawHttp(server.port())) {
            for (int i = 0; i < 5; i++) {
                raw.send(RawHttp.post("/v1/chat/completions", body));
                String resp = raw.readResponse();
                assertThat(resp).startsWith("HTTP/1.1 200 OK").contains("echo: ping").doesNotContain("Connection: close");
            }
        }
    }

    @Test
    void defaultJdkClientWithH2cUpgradeAttemptFallsBackToHttp11() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newHttpClient(); // HTTP_2 preferred: sends Upgrade: h2c
        for (int i = 0; i < 3; i++) {
            java.net.http.HttpResponse<String> r = h2.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.baseUrl() + "/v1/chat/completions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SimClient.openAiRequest("m", "h2?").toString()))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
            assertThat(r.body()).contains("echo: h2?");
        }
    }

    @Test
    void expectContinueIsAnswered() throws Exception {
        java.net.http.HttpClient h = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpResponse<String> r = h.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.baseUrl() + "/v1/chat/completions")).expectContinue(true)
                .timeout(java.time.Duration.ofSeconds(10))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SimClient.openAiRequest("m", "continue?").toString()))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("echo: continue?");
    }

    @Test
    void chunkedRequestBodyIsReassembled() throws Exception {
        String body = SimClient.openAiRequest("m", "chunked hello").toString();
        String a = body.substring(0, 10);
        String b = body.substring(10);
        String req = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(a.length()) + "\r\n" + a + "\r\n"
                + Integer.toHexString(b.length()) + ";ext=1\r\n" + b + "\r\n0\r\n\r\n";
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(req);
            assertThat(raw.readResponse()).startsWith("HTTP/1.1 200").contains("echo: chunked hello");
        }
    }

    @Test
    void streamingResponseIsChunkedAndTheConnectionIsReusable() throws Exception {
        String stream = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"s\"}]}";
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.post("/v1/chat/completions", stream));
            RawHttp.Read r = raw.readUntilIdle(500);
            assertThat(r.text()).contains("Transfer-Encoding: chunked").contains("data: [DONE]").endsWith("0\r\n\r\n");
            raw.send(RawHttp.post("/v1/chat/completions", SimClient.openAiRequest("m", "again").toString()));
            assertThat(raw.readResponse()).contains("echo: again");
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.post("/v1/chat/completions", SimClient.openAiRequest("m", "bye").toString(),
                    "Connection", "close"));
            RawHttp.Read r = raw.readUntilIdle(2000);
            assertThat(r.eof()).isTrue();
            assertThat(r.text()).contains("Connection: close").contains("echo: bye");
        }
    }

    @Test
    void malformedRequestLineGetsA400AndUnknownPathsA404() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("NONSENSE\r\n\r\n");
            assertThat(raw.readUntilIdle(2000).text()).startsWith("HTTP/1.1 400");
        }
        SimClient c = new SimClient(server);
        assertThat(c.get("/nope").statusCode()).isEqualTo(404);
        assertThat(c.get("/v1/chat/completions").statusCode()).isEqualTo(405);
    }
}
