package dev.tern.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A self-signed EC certificate for localhost / 127.0.0.1 made by the JDK's keytool, for loopback TLS servers. */
record SelfSignedStore(KeyStore store, Path file) {

    static final String PASSWORD = "secret";

    static SelfSignedStore create(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return new SelfSignedStore(store, ks);
    }

    /** The server side: presents the certificate. */
    SSLContext serverContext() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client side that trusts exactly this certificate. */
    SSLContext trustingContext() throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A loopback test server's answer: 200 with {@code secure <path>}. */
    static void answerWithPath(com.sun.net.httpserver.HttpExchange ex) throws java.io.IOException {
        byte[] body = ("secure " + ex.getRequestURI().getPath()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        try (java.io.OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
