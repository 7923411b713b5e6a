package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator over TLS, as providers are reached: h2 by ALPN (and HTTP/1.1 for a client that asks for it). */
class SimTlsTest {

    @Test
    void answersOverTlsWithHttp2ChosenByAlpnAndHttp11WhenAskedFor(@TempDir Path dir) throws Exception {
        Path ks = SelfSignedCertificate.create(dir, "secret1");
        SSLContext trusting = SelfSignedCertificate.trusting(ks, "secret1");

        SimConfig config = SimMain.parse(new String[] {"--port", "0", "--tls-keystore", ks.toString(), "--tls-password", "secret1"});
        try (SimServer sim = SimServer.start(config)) {
            assertThat(sim.baseUrl()).startsWith("https://127.0.0.1:");
            HttpRequest chat = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                    .header("content-type", "application/json").header("authorization", "Bearer x")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"over tls\"}]}"))
                    .build();
            for (HttpClient.Version v : HttpClient.Version.values()) {
                try (HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(v).build()) {
                    HttpResponse<String> r = client.send(chat, HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.version()).isEqualTo(v);
                    assertThat(r.body()).contains("over tls");
                }
            }
        }
    }
}
