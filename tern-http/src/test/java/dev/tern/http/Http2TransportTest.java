package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Helidon transport speaking HTTP/2 to a real Helidon WebServer on loopback: h2c with prior
 * knowledge ({@link Transports#H2C}) and h2 chosen by ALPN over TLS ({@link Transports#HELIDON}); many
 * concurrent calls share one connection; the headers and idle timeouts and an abort end a blocked
 * stream at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2TransportTest {

    private static final TransportRequest.Timeouts PATIENT =
            new TransportRequest.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inHandler = new AtomicInteger();
    private WebServer plain;
    private WebServer secure;
    private SSLContext trusting;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        plain = server(WebServer.builder());
        dir = Files.createTempDirectory("tern-h2");
        SelfSignedStore certs = SelfSignedStore.create(dir);
        trusting = certs.trustingContext();
        SSLContext serverCtx = certs.serverContext();
        secure = server(WebServer.builder().tls(Tls.builder().sslContext(serverCtx).build()));
    }

    private WebServer server(io.helidon.webserver.WebServerConfig.Builder b) {
        return b.host("127.0.0.1").port(0).routing(r -> r
                .get("/hello", (req, res) -> {
                    clientPorts.add(req.remotePeer().port());
                    res.header("x-answer", "42").send("hello " + req.query().get("q"));
                })
                .post("/echo", (req, res) -> {
                    clientPorts.add(req.remotePeer().port());
                    res.send(("echo " + req.content().as(String.class)).getBytes(StandardCharsets.UTF_8));
                })
                .get("/slow-headers", (req, res) -> {
                    inHandler.incrementAndGet();
                    release.await(30, TimeUnit.SECONDS);
                    res.send("late");
                })
                .get("/stall", (req, res) -> {
                    try (OutputStream out = res.outputStream()) {
                        out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        inHandler.incrementAndGet();
                        release.await(30, TimeUnit.SECONDS);
                    }
                })).build().start();
    }

    @AfterAll
    void stop() throws IOException {
        release.countDown();
        plain.stop();
        secure.stop();
        Files.deleteIfExists(dir.resolve("server.p12"));
        Files.deleteIfExists(dir);
    }

    private static String text(TransportResponse r) throws IOException {
        try (r) {
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI h2c(String path) { return URI.create("http://127.0.0.1:" + plain.port() + path); }

    @Test
    void h2cWithPriorKnowledgeGetsAndPosts() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.get(h2c("/hello?q=1"), List.of("x-test", "yes"), PATIENT), new Abort());
            assertThat(r.protocol()).isEqualTo("HTTP/2");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().first("X-Answer")).isEqualTo("42");
            assertThat(text(r)).isEqualTo("hello 1");
            byte[] big = "é".repeat(40_000).getBytes(StandardCharsets.UTF_8);
            TransportResponse p = t.send(TransportRequest.post(h2c("/echo"), List.of("content-type", "text/plain"),
                    TransportRequest.Body.of(big), PATIENT), new Abort());
            assertThat(text(p)).isEqualTo("echo " + "é".repeat(40_000));
        }
    }

    @Test
    void concurrentCallsShareOneConnection() throws Exception {
        clientPorts.clear();
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            t.send(TransportRequest.get(h2c("/hello?q=0"), List.of(), PATIENT), new Abort()).close(); // the connection
            List<Thread> threads = new ArrayList<>();
            List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 200; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        answers.add(text(t.send(TransportRequest.get(h2c("/hello?q=" + n), List.of(), PATIENT), new Abort())));
                    } catch (IOException e) {
                        answers.add(e.toString());
                    }
                }));
            }
            for (Thread th : threads) th.join();
            assertThat(answers).hasSize(200).allMatch(a -> a.startsWith("hello "));
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void tlsNegotiatesH2ByAlpn() throws Exception {
        try (HttpTransport t = Transports.create(Transports.HELIDON, TransportOptions.DEFAULT.withTls(trusting))) {
            TransportResponse r = t.send(TransportRequest.get(URI.create("https://localhost:" + secure.port() + "/hello?q=tls"),
                    List.of(), PATIENT), new Abort());
            assertThat(r.protocol()).isEqualTo("HTTP/2");
            assertThat(text(r)).isEqualTo("hello tls");
        }
    }

    @Test
    void plainHttpWithoutPriorKnowledgeIsHttp11() throws Exception {
        try (HttpTransport t = Transports.create(Transports.HELIDON, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.get(h2c("/hello?q=h1"), List.of(), PATIENT), new Abort());
            assertThat(r.protocol()).isEqualTo("HTTP/1.1");
            assertThat(text(r)).isEqualTo("hello h1");
        }
    }

    @Test
    void aSlowAnswerIsAHeadersTimeout() {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> t.send(TransportRequest.get(h2c("/slow-headers"), List.of(),
                    new TransportRequest.Timeouts(null, Duration.ofMillis(300), null)), new Abort()))
                    .isInstanceOf(TransportTimeoutException.Headers.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
        }
    }

    @Test
    void aSilentStreamIsAnIdleTimeout() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            TransportResponse r = t.send(TransportRequest.get(h2c("/stall"), List.of(),
                    new TransportRequest.Timeouts(null, Duration.ofSeconds(5), Duration.ofMillis(300))), new Abort());
            byte[] first = new byte[11];
            assertThat(r.body().readNBytes(first, 0, 11)).isEqualTo(11);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> r.body().read()).isInstanceOf(TransportTimeoutException.Idle.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3000);
            r.close();
        }
    }

    @Test
    void anAbortEndsTheWaitForHeadersAtOnce() throws Exception {
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            Abort abort = new Abort();
            int before = inHandler.get();
            Thread.ofVirtual().start(() -> {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inHandler.get() > before);
                abort.abort("test");
            });
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> t.send(TransportRequest.get(h2c("/slow-headers"), List.of(), PATIENT), abort))
                    .isInstanceOf(AbortedException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            // the connection still serves other streams
            assertThat(text(t.send(TransportRequest.get(h2c("/hello?q=after"), List.of(), PATIENT), new Abort())))
                    .isEqualTo("hello after");
        }
    }

    @Test
    void aRefusedConnectionIsAnIoError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (HttpTransport t = Transports.create(Transports.H2C, TransportOptions.DEFAULT)) {
            assertThatThrownBy(() -> t.send(TransportRequest.get(URI.create("http://127.0.0.1:" + port + "/"), List.of(), PATIENT),
                    new Abort())).isInstanceOf(IOException.class);
        }
    }
}
