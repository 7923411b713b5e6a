package dev.tern.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SPEC "startup": wall time of {@code tern --version}, and time from launching {@code tern run "hi"}
 * to its first model request arriving at a local endpoint (then to the process exit). Runs the real
 * launcher script as a child process, like a user does.
 */
public final class StartupBench {

    public BenchReport run(Path launcher, int rounds) throws Exception {
        double load0 = Machine.load();
        // A/B: with the AOT cache (the default on JDK >= 25) and without it, interleaved, alternating which goes first
        List<String> modes = List.of("1", "0");
        java.util.Map<String, List<Double>> version = new java.util.LinkedHashMap<>(), first = new java.util.LinkedHashMap<>(),
                total = new java.util.LinkedHashMap<>();
        for (String m : modes) {
            version.put(m, new ArrayList<>());
            first.put(m, new ArrayList<>());
            total.put(m, new ArrayList<>());
        }
        // the yardstick: the same JDK starting and exiting with nothing of Tern (java --version), in the same rounds
        List<Double> bare = new ArrayList<>();
        String java = ProcessHandle.current().info().command().orElse("java");
        AtomicLong firstRequestAt = new AtomicLong();
        CoreSpeed speed = new CoreSpeed();
        List<Double> probes = new ArrayList<>();
        HttpServer model = fakeModel(firstRequestAt);
        Path ws = Files.createTempDirectory("tern-bench-startup");
        Path config = ws.resolve("config.json");
        Files.writeString(config, "{}");
        // a workspace whose memory recalls earlier runs of a long task: the similar-tasks block outgrows its budget
        // in bytes from the second run on, so it is counted exactly and the tokenizer's ranks load in every later run
        Path wsMemory = Files.createTempDirectory("tern-bench-startup-memory");
        Files.writeString(wsMemory.resolve("config.json"), "{}");
        String task = "Summarize the quarterly report for the regional sales teams, compare the numbers with the "
                + "previous quarter, list the three largest changes with their causes, and draft a short note to the "
                + "managers of the teams whose results fell, naming what they should look at first. ".repeat(3);
        List<Double> withMemory = new ArrayList<>();
        String base = "http://127.0.0.1:" + model.getAddress().getPort() + "/v1";
        try {
            for (int i = 0; i < rounds + 2; i++) {
                List<String> order = new ArrayList<>(modes);
                if (i % 2 == 1) Collections.reverse(order);
                if (i >= 2) probes.add(speed.probeMillis());
                long b0 = System.nanoTime();
                exec(List.of(java, "--version"), ws, null, "0");
                if (i >= 2) bare.add((System.nanoTime() - b0) / 1e6);
                for (String aot : order) {
                    long t0 = System.nanoTime();
                    exec(List.of(launcher.toString(), "--version"), ws, null, aot);
                    double v = (System.nanoTime() - t0) / 1e6;
                    firstRequestAt.set(0);
                    long t1 = System.nanoTime();
                    exec(List.of(launcher.toString(), "run", "--quiet", "--workspace", ws.toString(), "--config", config.toString(), "hi"),
                            ws, base, aot);
                    double all = (System.nanoTime() - t1) / 1e6;
                    double firstMs = (firstRequestAt.get() - t1) / 1e6;
                    if (i >= 2) { // the first two rounds record the cache and warm the page cache
                        version.get(aot).add(v);
                        first.get(aot).add(firstMs);
                        total.get(aot).add(all);
                    }
                }
                firstRequestAt.set(0);
                long t2 = System.nanoTime();
                exec(List.of(launcher.toString(), "run", "--quiet", "--workspace", wsMemory.toString(), "--config",
                        wsMemory.resolve("config.json").toString(), task), wsMemory, base, "1");
                if (i >= 2) withMemory.add((firstRequestAt.get() - t2) / 1e6);
            }
        } finally {
            model.stop(0);
        }
        BenchReport.Builder b = new BenchReport.Builder("startup",
                "launcher to answer: tern --version and the first model request of tern run, AOT cache A/B", "tern bench startup");
        for (String aot : modes) {
            String label = aot.equals("1") ? "with AOT cache" : "without AOT cache";
            Spread v = Spread.of(version.get(aot)), f = Spread.of(first.get(aot));
            if (aot.equals("1")) {
                // the launcher starts print-only commands without the cache whatever TERN_AOT says: this row is the default
                b.row("tern --version (the launcher never loads the cache for it)", v.format("%.0f", " ms"), "≤ 150 ms",
                        v.median() <= 150);
                b.row("tern run: launch to first model request, " + label, f.format("%.0f", " ms"), "≤ 400 ms", f.median() <= 400);
            } else {
                b.row("tern --version, second series", v.format("%.0f", " ms"));
                b.row("tern run: launch to first model request, " + label, f.format("%.0f", " ms"));
            }
            b.row("tern run: launch to exit, " + label, Spread.of(total.get(aot)).format("%.0f", " ms"));
        }
        b.row("tern run in a workspace whose memory recalls earlier runs (block counted exactly, the tokenizer's ranks "
                + "loaded): launch to first model request, with AOT cache", Spread.of(withMemory).format("%.0f", " ms"));
        Spread jvm = Spread.of(bare);
        b.row("yardstick: the same JDK's java --version (a bare JVM start and exit)", jvm.format("%.0f", " ms"));
        b.row("tern --version / bare JVM start, same round", Spread.ratios(version.get("1"), bare).format("%.2f", ""));
        b.row("tern run: launch to first model request with AOT cache / bare JVM start, same round",
                Spread.ratios(first.get("1"), bare).format("%.2f", ""));
        b.row("tern run with recalled memory / without, launch to first model request with AOT cache, same round",
                Spread.ratios(withMemory, first.get("1")).format("%.2f", ""));
        return b.note("the real ./tern launcher (JDK discovery, staleness check) and a fresh JVM each time; the model is a local "
                        + "endpoint that answers at once; " + rounds + " rounds, each running both variants (TERN_AOT=1 / 0) in "
                        + "alternating order; the yardstick runs first in every round. Its ratios are the figures to compare "
                        + "between runs made at different hours: a JVM start is CPU-bound and moves with this shared VM's speed "
                        + "like the rows above")
                .note(CoreSpeed.note(Spread.of(probes)).replace("around the measured batches", "before each round"))
                .note(Machine.loadNote(load0))
                .build();
    }

    private static void exec(List<String> cmd, Path dir, String baseUrl, String aot) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("TERN_AOT", aot);
        pb.environment().remove("ANTHROPIC_API_KEY");
        pb.environment().remove("ANTHROPIC_BASE_URL");
        if (baseUrl != null) {
            pb.environment().put("OPENAI_BASE_URL", baseUrl);
            pb.environment().put("OPENAI_API_KEY", "bench");
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", cmd) + "' failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** Answers every chat completion with a one-chunk SSE stream and records the first arrival. */
    private static HttpServer fakeModel(AtomicLong firstRequestAt) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        s.createContext("/", ex -> {
            firstRequestAt.compareAndSet(0, System.nanoTime());
            ex.getRequestBody().readAllBytes();
            byte[] body = ("data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"hello\"},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: {\"id\":\"x\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[],"
                    + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1,\"total_tokens\":11}}\n\ndata: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("content-type", "text/event-stream");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        s.start();
        return s;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
