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
        List<Double> version = new ArrayList<>(), first = new ArrayList<>(), total = new ArrayList<>();
        AtomicLong firstRequestAt = new AtomicLong();
        HttpServer model = fakeModel(firstRequestAt);
        Path ws = Files.createTempDirectory("tern-bench-startup");
        Path config = ws.resolve("config.json");
        Files.writeString(config, "{}");
        try {
            for (int i = 0; i < rounds + 2; i++) {
                long t0 = System.nanoTime();
                exec(List.of(launcher.toString(), "--version"), ws, null);
                double v = (System.nanoTime() - t0) / 1e6;
                firstRequestAt.set(0);
                long t1 = System.nanoTime();
                exec(List.of(launcher.toString(), "run", "--quiet", "--workspace", ws.toString(), "--config", config.toString(), "hi"),
                        ws, "http://127.0.0.1:" + model.getAddress().getPort() + "/v1");
                double all = (System.nanoTime() - t1) / 1e6;
                double firstMs = (firstRequestAt.get() - t1) / 1e6;
                if (i >= 2) {
                    version.add(v);
                    first.add(firstMs);
                    total.add(all);
                }
            }
        } finally {
            model.stop(0);
        }
        double v = median(version), f = median(first);
        return new BenchReport.Builder("startup", "launcher to answer: tern --version and the first model request of tern run",
                "tern bench startup")
                .row("tern --version (median of " + rounds + ")", String.format("%.0f ms", v), "≤ 150 ms", v <= 150)
                .row("tern run: launch to first model request", String.format("%.0f ms", f), "≤ 400 ms", f <= 400)
                .row("tern run: launch to exit (model answers at once)", String.format("%.0f ms", median(total)))
                .note("the real ./tern launcher (JDK discovery, staleness check) and a fresh JVM each time; "
                        + "the model is a local endpoint that answers at once")
                .build();
    }

    private static void exec(List<String> cmd, Path dir, String baseUrl) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
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
