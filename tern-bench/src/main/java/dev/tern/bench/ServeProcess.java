package dev.tern.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code tern serve} in a JVM of its own, as an operator runs it. */
final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.concurrent.ConcurrentLinkedDeque<LoadConnection> idle = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private final String host;
    private final int port;

    private ServeProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.host = URI.create(baseUrl).getHost();
        this.port = URI.create(baseUrl).getPort();
    }

    static ServeProcess start(Path ws, Path config, Map<String, String> env) throws IOException {
        Files.createDirectories(ws);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        String extra = System.getenv("TERN_BENCH_GATEWAY_JVM"); // e.g. a JFR recording while profiling, or another GC
        List<String> more = extra == null || extra.isBlank() ? List.of() : List.of(extra.strip().split("\\s+"));
        if (more.stream().noneMatch(f -> f.matches("-XX:\\+Use\\w+GC"))) cmd.add(GatewayBench.GC);
        cmd.addAll(more);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tern.serve.cli.ServeCommand",
                "--port", "0", "--workspace", ws.toString(), "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                Thread.ofPlatform().daemon().start(() -> err.lines().forEach(l -> { })); // keep the pipe drained
                return new ServeProcess(p, m.group(1));
            }
        }
        p.destroyForcibly();
        throw new IOException("tern serve did not start");
    }

    String baseUrl() { return baseUrl; }

    /** A kept-alive connection from the pool, or a new one. */
    LoadConnection connection() throws IOException {
        LoadConnection c = idle.pollFirst();
        return c != null ? c : LoadConnection.open(host(), port());
    }

    void release(LoadConnection c, boolean reusable) {
        if (reusable) idle.addFirst(c);
        else c.close();
    }

    String host() { return host; }

    int port() { return port; }

    /** The gateway JVM's JIT compiler threads, for telling warm-up from steady state. */
    TaskCpu.Snapshot threadCpu() { return TaskCpu.of(process.pid()); }

    long cpuMillis() { return Machine.cpuMillis(process.toHandle()); }

    /** Heap used by the gateway, from its /metrics (jvm_memory_used_bytes, area heap). */
    long heapUsedBytes() throws IOException, InterruptedException {
        return (long) metricSum("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*}");
    }

    /** Time the gateway's JVM spent in GC pauses so far, from its /metrics (jvm_gc_pause_seconds_sum, every cause). */
    long gcPauseMillis() throws IOException, InterruptedException {
        return Math.round(metricSum("jvm_gc_pause_seconds_sum\\{[^}]*}") * 1000);
    }

    private double metricSum(String series) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+]+)$").matcher(text);
        double sum = 0;
        while (m.find()) sum += Double.parseDouble(m.group(1));
        return sum;
    }

    @Override
    public void close() {
        for (LoadConnection c; (c = idle.pollFirst()) != null; ) c.close();
        process.destroy(); // SIGTERM: the gateway drains and exits
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
