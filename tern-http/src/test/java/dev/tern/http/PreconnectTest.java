package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HttpTransport#preconnect}: the connection (TCP and TLS handshakes) opened ahead of the first request is the
 * one that request uses, also when the request comes while it is still being opened, and never a second one.
 * Connections are counted by the server as it sets up TLS for each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreconnectTest {

    private Path dir;
    private HttpsServer server;
    private SSLContext trusting;
    private final AtomicInteger connections = new AtomicInteger();
    /** What {@code /held} waits for before it answers. */
    private volatile CountDownLatch held = new CountDownLatch(0);
    /** When set, the server holds each new connection before its TLS handshake until the latch opens. */
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();

    @BeforeAll
    void startServer() throws Exception {
        dir = Files.createTempDirectory("tern-preconnect");
        SelfSignedStore certs = SelfSignedStore.create(dir);
        trusting = certs.trustingContext();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certs.serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                connections.incrementAndGet();
                CountDownLatch h = hold.get();
                try {
                    if (h != null && !h.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.configure(params);
            }
        });
        server.createContext("/", SelfSignedStore::answerWithPath);
        server.createContext("/held", ex -> {
            try {
                if (!held.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            SelfSignedStore.answerWithPath(ex);
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()); // a held answer holds no other
        server.start();
    }

    @AfterAll
    void stopServer() throws IOException {
        server.stop(0);
        Files.deleteIfExists(dir.resolve("server.p12"));
        Files.deleteIfExists(dir);
    }

    @BeforeEach
    void reset() {
        connections.set(0);
        hold.set(null);
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + server.getAddress().getPort() + path);
    }

    private static TransportRequest get(URI uri) {
        return TransportRequest.get(uri, List.of(), new TransportRequest.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10)));
    }

    private static String body(HttpTransport t, URI uri) throws IOException {
        try (TransportResponse r = t.send(get(uri), new Abort())) {
            assertThat(r.status()).isEqualTo(200);
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JETTY})
    void theConnectionOpenedAheadCarriesTheRequestsThatFollow(String transport) throws Exception {
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(trusting))) {
            assertThat(t.preconnect(uri("/v1"))).isTrue();
            assertThat(connections).hasValue(1);   // open before any request
            assertThat(t.preconnect(uri("/v1"))).isTrue();
            assertThat(connections).as("a second preconnect finds the idle connection").hasValue(1);
            for (int i = 0; i < 3; i++) assertThat(body(t, uri("/p" + i))).isEqualTo("secure /p" + i);
        }
        assertThat(connections).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JETTY})
    void nothingIsOpenedAheadOnceARequestHasAConnectionEvenWhileItIsBusy(String transport) throws Exception {
        held = new CountDownLatch(1);
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(trusting))) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    answer.complete(body(t, uri("/held")));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> connections.get() == 1);
            assertThat(t.preconnect(uri("/v1"))).isTrue();    // e.g. a second user's space assembled in a busy gateway
            held.countDown();
            assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("secure /held");
            assertThat(body(t, uri("/after"))).isEqualTo("secure /after");
        }
        assertThat(connections).as("no idle connection was added to the busy one").hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JETTY})
    void aRequestMadeWhileTheConnectionIsBeingOpenedWaitsForIt(String transport) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        hold.set(release);
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(trusting))) {
            CompletableFuture<Boolean> opening = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    opening.complete(t.preconnect(uri("/v1")));
                } catch (Throwable e) {
                    opening.completeExceptionally(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> connections.get() == 1); // held before its handshake
            CompletableFuture<String> answer = new CompletableFuture<>();
            Thread request = Thread.ofVirtual().start(() -> {
                try {
                    answer.complete(body(t, uri("/first")));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
            // the request is blocked: on the connection being opened, or (the fault this test catches) on one of its own
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> request.getState() == Thread.State.WAITING || request.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            assertThat(opening.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("secure /first");
        }
        assertThat(connections).as("the request used the connection being opened").hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JETTY})
    void aServerThatCannotBeReachedFailsThePreconnectAndTheRequestSaysWhyAgain(String transport) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("https://127.0.0.1:" + closedPort + "/v1");
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(trusting)
                .withConnectTimeout(Duration.ofSeconds(5)))) {
            assertThatThrownBy(() -> t.preconnect(nowhere)).isInstanceOf(IOException.class);
            // nothing is left waiting for the failed opening: the request fails on its own connect, as without it
            assertThatThrownBy(() -> t.send(get(nowhere), new Abort()).close()).isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JETTY})
    void aRequestWaitingForTheConnectionBeingOpenedFailsAsItFailedWithoutASecondConnect(String transport) throws Exception {
        // a server that takes the connection and never answers the TLS handshake, then goes away altogether: the
        // opening fails on the closed connection; a second connect would be refused instead
        ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        URI uri = URI.create("https://127.0.0.1:" + silent.getLocalPort() + "/v1");
        CompletableFuture<java.net.Socket> accepted = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                accepted.complete(silent.accept());
            } catch (IOException e) {
                accepted.completeExceptionally(e);
            }
        });
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(trusting))) {
            CompletableFuture<Boolean> opening = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    opening.complete(t.preconnect(uri));
                } catch (Throwable e) {
                    opening.completeExceptionally(e);
                }
            });
            java.net.Socket held = accepted.get(30, TimeUnit.SECONDS);
            CompletableFuture<String> answer = new CompletableFuture<>();
            Thread request = Thread.ofVirtual().start(() -> {
                try {
                    answer.complete(body(t, uri));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> request.getState() == Thread.State.WAITING || request.getState() == Thread.State.TIMED_WAITING);
            silent.close();
            held.close();
            assertThat(opening).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(IOException.class);
            assertThat(answer).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(IOException.class)
                            .isNotInstanceOf(java.net.ConnectException.class));
        }
    }

    @Test
    void theJdkClientCannotOpenAConnectionWithoutARequest() throws Exception {
        try (HttpTransport t = Transports.create(Transports.JDK, TransportOptions.DEFAULT.withTls(trusting))) {
            assertThat(t.preconnect(uri("/v1"))).isFalse();
            assertThat(body(t, uri("/p"))).isEqualTo("secure /p");
        }
        assertThat(connections).hasValue(1);
    }
}
