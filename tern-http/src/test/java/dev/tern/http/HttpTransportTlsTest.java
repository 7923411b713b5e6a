package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both transports over real TLS: a server the platform does not trust is rejected (the trust store
 * loads lazily but validates exactly like the JDK default); one trusted through a TLS context of our
 * own is reached by its host name, with the connection kept alive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpTransportTlsTest {

    private Path dir;
    private KeyStore store;
    private HttpsServer server;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void startServer() throws Exception {
        dir = Files.createTempDirectory("tern-tls");
        SelfSignedStore certs = SelfSignedStore.create(dir);
        store = certs.store();
        SSLContext serverCtx = certs.serverContext();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
        server.createContext("/", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            SelfSignedStore.answerWithPath(ex);
        });
        server.start();
    }

    @AfterAll
    void stopServer() throws java.io.IOException {
        server.stop(0);
        Files.deleteIfExists(dir.resolve("server.p12"));
        Files.deleteIfExists(dir);
    }

    private TransportRequest get(String host, String path) {
        return TransportRequest.get(URI.create("https://" + host + ":" + server.getAddress().getPort() + path), List.of(),
                new TransportRequest.Timeouts(null, Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JDK, Transports.JETTY})
    void aSelfSignedServerIsRejected(String transport) {
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)))) {
            assertThatThrownBy(() -> t.send(get("127.0.0.1", "/"), new Abort()).close()).isInstanceOf(SSLException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JDK, Transports.JETTY})
    void aTrustedServerIsReachedByNameOnOneKeptAliveConnection(String transport) throws Exception {
        SSLContext trusting = new SelfSignedStore(store, null).trustingContext();
        clientPorts.clear();
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(trusting))) {
            for (int i = 0; i < 3; i++) {
                try (TransportResponse r = t.send(get("localhost", "/p" + i), new Abort())) {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secure /p" + i);
                }
            }
        }
        assertThat(clientPorts).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {Transports.SOCKET, Transports.JDK, Transports.JETTY})
    void aTrustStoreThatCannotBeLoadedFailsTheCallSayingWhichAndWhy(String transport) {
        String why = "cannot load the trust store /etc/tern-test.p12 (javax.net.ssl.trustStore): Keystore was tampered with,"
                + " or password was incorrect";
        SSLContext broken = LazyTrustManager.context(new LazyTrustManager(() -> { throw new IllegalStateException(why); }));
        try (HttpTransport t = Transports.create(transport, TransportOptions.DEFAULT.withTls(broken))) {
            // not "(internal_error) Unhandled exception": the message a user reads names the store and the reason
            assertThatThrownBy(() -> t.send(get("localhost", "/"), new Abort()).close()).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining(why);
        }
    }

    @Test
    void theLazyManagerTrustsThePlatformStore() {
        LazyTrustManager tm = new LazyTrustManager();
        // the platform store ships public CAs: an empty list would mean we trust nothing, or were bypassed
        assertThat(tm.getAcceptedIssuers()).isNotEmpty();
    }
}
