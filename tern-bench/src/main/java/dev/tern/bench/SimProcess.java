package dev.tern.bench;

import dev.tern.sim.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator in its own JVM, so that the benchmark process measures only Tern's own CPU and
 * memory (the SPEC's "simulator on the same machine").
 */
public final class SimProcess implements AutoCloseable {

    /** The simulator JVM's flags: fixed heap, parallel GC, small stacks (recorded in the reports). */
    public static final List<String> JVM_FLAGS = List.of("-Xms1536m", "-Xmx1536m", "-XX:+UseParallelGC", "-Xss256k");

    private final Process process;
    private final String baseUrl;
    private final List<String> clientFlags;

    private SimProcess(Process process, String baseUrl, List<String> clientFlags) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.clientFlags = clientFlags;
    }

    /** "simulator JVM: -Xms1536m ..." for the report notes. */
    public static String flagsNote() {
        return "simulator in its own JVM: " + String.join(" ", flags()) + (http2() ? "; for the h2c candidate it speaks HTTP/2 by"
                + " prior knowledge beside HTTP/1.1 (--http2: Jetty's server, 256 streams per connection), which every candidate then"
                + " talks to" : "") + (tls() ? "; over TLS (-Dtern.bench.tls=true): Jetty's server with h2 and http/1.1 by ALPN, a"
                + " self-signed EC certificate the clients trust" : "");
    }

    private static final String TLS_PASSWORD = "tern-bench";
    /** JVM flags a client of this simulator needs (the trust store of its TLS certificate); none without TLS. */
    List<String> clientFlags() { return clientFlags; }

    /** {@code -Dtern.bench.tls=true}: the simulator speaks TLS (h2 and http/1.1 by ALPN), as real providers do. */
    static boolean tls() { return Boolean.getBoolean("tern.bench.tls"); }

    /** Whether a candidate speaks h2c, so the simulator must too ({@code --http2}). */
    static boolean http2() { return Rig.transports().contains(dev.tern.http.Transports.H2C); }

    /** {@link #JVM_FLAGS} and what {@code TERN_BENCH_SIM_JVM} adds (a GC log while investigating, other sizes). */
    static List<String> flags() {
        List<String> all = new ArrayList<>(JVM_FLAGS);
        String extra = System.getenv("TERN_BENCH_SIM_JVM");
        if (extra != null && !extra.isBlank()) all.addAll(List.of(extra.strip().split("\\s+")));
        return all;
    }

    /** Starts {@code dev.tern.sim.SimMain} with the scenarios (JSON text) and latency given. */
    public static SimProcess start(List<String> scenarioJson, long ttftMs, long tokenMs) throws IOException {
        Path dir = Files.createTempDirectory("tern-bench-sim");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tern.sim.SimMain",
                "--port", "0", "--ttft-ms", String.valueOf(ttftMs), "--token-ms", String.valueOf(tokenMs)));
        if (http2()) cmd.add("--http2");
        List<String> clientFlags = List.of();
        if (tls()) {
            Path store = SelfSignedCertificate.create(dir, TLS_PASSWORD);
            cmd.addAll(List.of("--tls-keystore", store.toString(), "--tls-password", TLS_PASSWORD));
            clientFlags = List.of("-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=" + TLS_PASSWORD,
                    "-Djavax.net.ssl.trustStoreType=PKCS12");
        }
        int i = 0;
        for (String s : scenarioJson) {
            Path f = dir.resolve("scenario-" + (i++) + ".json");
            Files.writeString(f, s);
            cmd.add("--scenario");
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("http")) {
            p.destroyForcibly();
            throw new IOException("simulator did not start (first line: " + line + ")");
        }
        return new SimProcess(p, line.strip(), clientFlags);
    }

    public String baseUrl() { return baseUrl; }

    /** The simulator's threads' CPU so far (ns resolution from /proc where there is one). */
    TaskCpu.Snapshot cpu() { return TaskCpu.of(process.pid()); }

    /** CPU time the simulator process has used so far, in ms (10 ms clock ticks). */
    public long cpuMillis() {
        return Machine.cpuMillis(process.toHandle());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
