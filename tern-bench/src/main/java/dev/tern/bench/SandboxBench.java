package dev.tern.bench;

import dev.tern.json.JsonObject;
import dev.tern.run.RunContext;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolResult;
import dev.tern.workspace.tools.ExecTool;
import dev.tern.workspace.tools.PathGuard;
import dev.tern.workspace.tools.ProtectedPaths;
import dev.tern.workspace.tools.sandbox.Sandbox;
import dev.tern.workspace.tools.sandbox.SandboxConfig;
import dev.tern.workspace.tools.sandbox.SandboxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SPEC "sandbox": what the OS sandbox (bubblewrap) adds to one {@code exec}: the same short command
 * through the exec tool unconfined and inside the sandbox (with and without its own network
 * namespace), interleaved A/B/C so machine noise hits all alike; medians and 90th percentiles.
 */
public final class SandboxBench {

    public BenchReport run(int rounds) throws Exception {
        Path ws = Files.createTempDirectory("tern-bench-sandbox");
        ProtectedPaths p = ProtectedPaths.forWorkspace(ws, null, null);
        try (SandboxFiles files = new SandboxFiles();
             Sandbox bypassed = Sandbox.create(SandboxConfig.DEFAULT, p, System.getenv(), files);
             Sandbox boxed = Sandbox.create(SandboxConfig.DEFAULT, p, System.getenv(), files);
             Sandbox open = Sandbox.create(SandboxConfig.DEFAULT.withNetwork(true), p, System.getenv(), files)) {
            ExecTool plain = new ExecTool(new PathGuard(ws, false, p), bypassed, () -> true,
                    Duration.ofSeconds(30), Duration.ofSeconds(30), 32 * 1024, Duration.ofSeconds(5));
            String why = boxed.unavailable();
            if (why != null) {
                return new BenchReport.Builder("sandbox", "exec inside the OS sandbox vs outside", "tern bench sandbox")
                        .row("sandbox available", "no: " + why, "bubblewrap installed", false).build();
            }
            ExecTool sandboxed = new ExecTool(new PathGuard(ws, true, p), boxed, () -> false,
                    Duration.ofSeconds(30), Duration.ofSeconds(30), 32 * 1024, Duration.ofSeconds(5));
            ExecTool networked = new ExecTool(new PathGuard(ws, true, p), open, () -> false,
                    Duration.ofSeconds(30), Duration.ofSeconds(30), 32 * 1024, Duration.ofSeconds(5));
            String command = "echo hello > out.txt && cat out.txt";
            for (int i = 0; i < 5; i++) { // warm-up: JIT, page cache, the probe
                time(plain, ws, command);
                time(sandboxed, ws, command);
                time(networked, ws, command);
            }
            List<Double> a = new ArrayList<>(), b = new ArrayList<>(), c = new ArrayList<>(), added = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                double x = time(plain, ws, command), y = time(sandboxed, ws, command), z = time(networked, ws, command);
                a.add(x);
                b.add(y);
                c.add(z);
                added.add(y - x);
            }
            double med = pct(added, 50);
            return new BenchReport.Builder("sandbox", "exec inside the OS sandbox (bubblewrap) vs outside", "tern bench sandbox")
                    .row("exec unconfined (median of " + rounds + ")", ms(pct(a, 50)))
                    .row("exec in the sandbox, no network (median)", ms(pct(b, 50)))
                    .row("exec in the sandbox, network allowed (median)", ms(pct(c, 50)))
                    .row("added per command (median)", ms(med), "≤ 30 ms", med <= 30)
                    .row("added per command (p90)", ms(pct(added, 90)))
                    .note("the same command (`" + command + "`) through the exec tool, rounds interleaved; the sandbox "
                            + "mounts, the PID, IPC and network namespaces and the allow-listed environment are all included")
                    .build();
        } finally {
            try (var files = Files.walk(ws)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static double time(ExecTool tool, Path ws, String command) throws Exception {
        long t0 = System.nanoTime();
        ToolResult r = tool.execute(new ToolCallContext("b", "exec", JsonObject.parse("{\"command\":\"" + command + "\"}"),
                RunContext.standalone(ws)));
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.error() || !r.content().startsWith("hello")) throw new IllegalStateException("exec failed: " + r.content());
        return ms;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    private static String ms(double v) { return String.format("%.1f ms", v); }
}
