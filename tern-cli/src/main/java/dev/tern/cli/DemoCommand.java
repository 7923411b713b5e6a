package dev.tern.cli;

import dev.tern.runtime.RuntimeOptions;
import dev.tern.runtime.WorkspaceRuntime;

import com.sun.net.httpserver.HttpServer;
import dev.tern.run.RunResult;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.workspace.permission.PermissionMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tern demo}: a scripted multi-tool task — read notes, fetch three slow pages, write a
 * briefing, check it with a shell command — against the built-in simulator and a local web server,
 * with the real built-in tools, no API key. Shows the timeline and wall time vs. sequential time.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = DemoResearchCommand.class,
        description = {"Run a scripted multi-tool task against the built-in simulator (no API key needed).",
                "'tern demo research': three analyst agents, a shared tool cache and a report streamed by sections."})
public final class DemoCommand implements Callable<Integer> {

    static final int PAGE_DELAY_MS = 250;

    @Option(names = {"-w", "--workspace"}, description = "keep the demo workspace here (default: a temporary folder)")
    Path workspace;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path ws = workspace != null ? workspace.toAbsolutePath() : Files.createTempDirectory("tern-demo-");
        seed(ws);
        HttpServer web = pages();
        String scenario;
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/scenario.json")) {
            scenario = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{port}}", String.valueOf(web.getAddress().getPort()));
        }
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build())) {
            Path config = ws.resolve(".tern-demo-config.json");
            Files.writeString(config, "{\"tools\": {\"web\": {\"allowHosts\": [\"127.0.0.1:" + web.getAddress().getPort() + "\"]}}}");
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "demo");
            out.println("Tern demo: a morning-briefing task, scripted by the built-in simulator (model latency 300 ms to first token),");
            out.println("with the real built-in tools in " + ws);
            out.println("three web pages on a local server take " + PAGE_DELAY_MS + " ms each.\n");
            Timeline timeline = new Timeline();
            RunResult r;
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(ws, config, "sim:demo",
                    PermissionMode.BYPASS_PERMISSIONS, null, null, null, env));
                 Progress progress = new Progress(System.err, false)) {
                r = tern.chat("demo").send("Prepare my morning briefing from my notes, my to-do list, the weather, the news and my calendar.",
                        "cli", "demo", List.of(progress, timeline));
                out.println("\nAnswer:\n  " + r.text() + "\n");
                timeline.print(out, 110);
                out.println();
                out.print(PerfReport.perf(tern.metrics().snapshot(), tern.costs().total().costUsd(), tern.costs().total().netCacheSavingsUsd()));
            }
            out.println("\nbriefing.md (written by write_file, atomically):");
            Files.readAllLines(ws.resolve("briefing.md")).stream().limit(6).forEach(l -> out.println("  | " + l));
            out.println("\nSession log (append-only JSONL, one line per message): " + ws.resolve("sessions/demo.jsonl"));
            return r.completed() ? 0 : 1;
        } finally {
            web.stop(0);
        }
    }

    private static void seed(Path ws) throws IOException {
        Files.createDirectories(ws.resolve("notes"));
        Files.writeString(ws.resolve("AGENTS.md"), "You are a concise personal assistant. Prefer doing independent lookups in one turn.\n");
        Files.writeString(ws.resolve("notes/standup.md"), "# Standup\n- Sam: session store patch ready for review\n- me: fan-out benchmark\n");
        Files.writeString(ws.resolve("notes/ideas.md"), "# Ideas\n- cache MCP tool lists on disk\n");
        Files.writeString(ws.resolve("todo.txt"), "finish the fan-out benchmark\nreview Sam's session-store patch\n");
    }

    /** A local web server whose pages take PAGE_DELAY_MS each, like slow real sites. */
    private static HttpServer pages() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Map<String, String> bodies = Map.of(
                "/weather", "<html><head><title>Weather</title></head><body><h1>Today</h1><p>Sunny, 21 C, light wind from the west.</p></body></html>",
                "/news", "<html><head><title>News</title></head><body><ul><li>Tern 0.1 ships with a simulator</li><li>JDK 25 AOT cache cuts startup</li></ul></body></html>",
                "/calendar", "<html><head><title>Calendar</title></head><body><p>10:00 design review (room 4)</p><p>14:30 1:1 with Sam</p></body></html>");
        s.createContext("/", ex -> {
            try (ex) {
                Thread.sleep(PAGE_DELAY_MS);
                String body = bodies.get(ex.getRequestURI().getPath());
                byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("content-type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(bytes);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.start();
        return s;
    }
}
