package dev.tern.bench;

import dev.tern.llm.ModelInterceptor;
import dev.tern.model.ChatRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * SPEC "overhead" before the JIT has warmed up: the whole-process CPU per model round trip of a fresh JVM, over the
 * {@value #MEASURED} round trips that follow its first {@value #WARMUP} (same 200-message history, same simulator), for
 * Tern on a transport or for the {@linkplain FloorClient floor}. Each sample is its own process ({@link #measure}),
 * started with the bench JVM's own flags and class path (the launcher's AOT cache and GC) plus any given, so the figure
 * does not depend on what the bench process ran before. This is the regime the reference figures describe
 * (the floor's 4.3 ms per call): most of the CPU is the JIT compiling the request path.
 */
final class EarlyOverhead {

    static final int WARMUP = 5;
    static final int MEASURED = 100;

    /** CPU of the measured round trips, per round trip: the whole process's and its JIT compiler threads'. */
    record Sample(double cpuMs, double jitMs) { }

    private EarlyOverhead() { }

    /**
     * Runs one fresh JVM against the simulator at {@code simBaseUrl}.
     *
     * @param candidate a transport name or {@link BenchClient#FLOOR}
     * @param flags     JVM flags after the bench JVM's own (a later flag wins)
     */
    static Sample measure(String simBaseUrl, String candidate, List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-XX:StartFlightRecording")) cmd.add(a);
        }
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EarlyOverhead.class.getName(), simBaseUrl, candidate));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("the early-overhead process failed: " + out);
        }
        String[] last = out.lines().reduce((a, b) -> b).orElse("").split(" ");
        if (last.length != 2) throw new IOException("the early-overhead process printed no figures: " + out);
        return new Sample(Double.parseDouble(last[0]), Double.parseDouble(last[1]));
    }

    /**
     * In the fresh JVM: {@code <simulator base URL> <transport or "floor"> [round trips measured]}; prints "cpuMs jitMs"
     * per measured round trip.
     */
    public static void main(String[] args) throws Exception {
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : MEASURED;
        ChatRequest req = OverheadBench.request(OverheadBench.history(200));
        AutoCloseable client;
        Callable<?> call;
        if (args[1].equals(BenchClient.FLOOR)) {
            FloorClient floor = new FloorClient(args[0] + "/v1", "bench");
            Map<String, Object> body = FloorClient.body(req.model(), FloorClient.messages(req.messages()), floor.tools(req.tools()),
                    req.cacheKey(), true);
            client = floor;
            call = () -> floor.call(body);
        } else {
            Rig rig = new Rig(args[0], 64, args[1]);
            ModelInterceptor.CallContext context = OverheadBench.callContext();
            client = rig;
            call = () -> rig.gateway.call(req, context);
        }
        try (client) {
            for (int i = 0; i < WARMUP; i++) call.call();
            TaskCpu.Snapshot c0 = TaskCpu.now();
            for (int i = 0; i < measured; i++) call.call();
            TaskCpu.Snapshot c1 = TaskCpu.now();
            System.out.printf(java.util.Locale.ROOT, "%.4f %.4f%n", c1.nanosSince(c0, false) / 1e6 / measured,
                    c1.nanosSince(c0, true) / 1e6 / measured);
        }
    }
}
