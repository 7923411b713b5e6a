package dev.tern.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.http.Abort;
import dev.tern.http.HttpTransport;
import dev.tern.http.TransportOptions;
import dev.tern.http.TransportRequest;
import dev.tern.http.TransportResponse;
import dev.tern.http.Transports;
import dev.tern.sim.SelfSignedCertificate;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimMain;
import dev.tern.sim.SimServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cold burst over TLS, as real providers are reached: the simulator on TLS (h2 by ALPN, 256 streams per
 * connection) and a thousand calls of 300 ms released at once through the {@code jetty} transport. They share a
 * handful of HTTP/2 connections instead of a handshake each (Jetty's own pool opened one per call here: 1 000
 * connections and 7 s, against 11 and 1.5 s).
 */
class TlsBurstTest {

    @Test
    void aColdBurstOfAThousandCallsSharesAFewHttp2Connections(@TempDir Path dir) throws Exception {
        Path store = SelfSignedCertificate.create(dir, "burst-pw");
        SSLContext trusting = SelfSignedCertificate.trusting(store, "burst-pw");
        SimConfig config = SimMain.parse(new String[] {"--port", "0", "--ttft-ms", "300", "--tls-keystore", store.toString(),
                "--tls-password", "burst-pw"});
        TransportRequest.Timeouts patient = new TransportRequest.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60));
        byte[] body = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"cold\"}]}".getBytes(StandardCharsets.UTF_8);
        try (SimServer sim = SimServer.start(config);
             HttpTransport jetty = Transports.create(Transports.JETTY, TransportOptions.DEFAULT.withTls(trusting))) {
            URI chat = URI.create(sim.baseUrl() + "/v1/chat/completions");
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> calls = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                calls.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        try (TransportResponse r = jetty.send(TransportRequest.post(chat, List.of("content-type", "application/json",
                                "authorization", "Bearer x"), TransportRequest.Body.of(body), patient), new Abort())) {
                            String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                            if (r.status() == 200 && r.protocol().equals("HTTP/2") && text.contains("cold")) ok.incrementAndGet();
                            else failures.add(r.status() + " " + r.protocol() + " " + text);
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }));
            }
            go.countDown();
            for (Thread t : calls) t.join();
            assertThat(failures).isEmpty();
            assertThat(ok).hasValue(1_000);
            // counted as 100 streams each until the first connection opens: 10, and a few more for late counts
            assertThat(sim.connectionsAccepted()).isBetween(1L, 16L);
        }
    }
}
