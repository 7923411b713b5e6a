package dev.tern.cli;

import dev.tern.sim.SelfSignedCertificate;
import dev.tern.sim.SimMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The simulator on TLS for the AOT caches' training runs, in a JVM of its own: the training archives what the client
 * side of a TLS handshake loads (~900 JDK classes) without also archiving Jetty's server, which every start would
 * then load for nothing. Its certificate is self-signed; the training trusts it through the {@code javax.net.ssl}
 * properties, as the simulator is that process's only TLS peer.
 */
final class TrainingTlsSimulator implements AutoCloseable {

    static final String PASSWORD = "tern-train";

    private final Process process;
    private final String baseUrl;
    private final Path trustStore;

    private TrainingTlsSimulator(Process process, String baseUrl, Path trustStore) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.trustStore = trustStore;
    }

    /**
     * Makes the certificate in {@code dir} and starts the simulator with it on a free loopback port.
     *
     * @throws IOException when keytool or the simulator's JVM fails, or the simulator does not say where it listens
     *                     within 60 s
     */
    static TrainingTlsSimulator start(Path dir) throws IOException {
        Path store = SelfSignedCertificate.create(dir, PASSWORD);
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), SimMain.class.getName(),
                "--port", "0", "--tls-keystore", store.toString(), "--tls-password", PASSWORD))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // one reader: the first line is where the simulator listens; the rest is drained, so it never blocks on a full pipe
        CompletableFuture<String> firstLine = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                firstLine.complete(out.readLine());
                while (out.readLine() != null) { /* nothing to keep */ }
            } catch (IOException e) {
                firstLine.complete(null); // the process ended
            }
        });
        String url;
        try {
            url = firstLine.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            url = null;
        }
        if (url == null || !url.startsWith("https://")) {
            p.destroyForcibly();
            throw new IOException("the TLS simulator for the training did not start (it printed " + url + ")");
        }
        return new TrainingTlsSimulator(p, url, store);
    }

    String baseUrl() { return baseUrl; }

    Path trustStore() { return trustStore; }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
