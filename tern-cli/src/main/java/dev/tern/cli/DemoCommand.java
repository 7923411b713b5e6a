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

    /** Where the demo prints (tests capture it). */
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
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
            out.println("Tern demo: a morning-briefing task scripted by the built-in model simulator (it waits 300 ms before");
            out.println("the first token of each answer), run with the real built-in tools in " + ws + ";");
            out.println("a local web server waits " + PAGE_DELAY_MS + " ms before sending each of three pages.\n");
            Timeline timeline = new Timeline();
            RunResult r;
            try (WorkspaceRuntime tern = WorkspaceRuntime.open(new RuntimeOptions(ws, config, "sim:demo",
                    PermissionMode.BYPASS_PERMISSIONS, null, null, null, env));
                 Progress progress = new Progress(err, false)) {
                r = tern.chat("demo").send("Prepare my morning briefing from my notes, my to-do list, the weather, the news and my calendar.",
                        "cli", "demo", List.of(progress, timeline));
                out.println("\nAnswer:\n  " + r.text() + "\n");
                timeline.print(out, 110);
                out.println(fetchNote(timeline));
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

    /**
     * What the timeline shows about the three page fetches, from the measured spans: whether they
     * overlapped, and how their time compares with the server's delay (in a fresh JVM the first fetch
     * also pays for loading the HTTP client and the HTML parser; a loaded machine adds its share).
     */
    static String fetchNote(Timeline timeline) {
        java.util.List<Timeline.Span> fetches = timeline.spans().stream().filter(s -> s.label().startsWith("web_fetch") && s.mark() == '#').toList(); // executed, not from the cache
        if (fetches.isEmpty()) return "(no page was fetched)";
        java.util.List<Timeline.Span> first = fetches.stream().sorted(java.util.Comparator.comparingLong(Timeline.Span::start))
                .limit(3).toList();
        long start = first.stream().mapToLong(Timeline.Span::start).min().orElse(0);
        long end = first.stream().mapToLong(Timeline.Span::end).max().orElse(0);
        double sum = first.stream().mapToLong(Timeline.Span::length).sum() / 1e9;
        double min = first.stream().mapToLong(Timeline.Span::length).min().orElse(0) / 1e9;
        double max = first.stream().mapToLong(Timeline.Span::length).max().orElse(0) / 1e9;
        String each = min == max ? String.format("%.2fs", min) : String.format("%.2f-%.2fs", min, max);
        String why = max * 1000 <= PAGE_DELAY_MS * 1.3
                ? "close to the server's " + PAGE_DELAY_MS + " ms"
                : PAGE_DELAY_MS + " ms of it the server's wait, the rest this JVM's first use of the HTTP client and HTML parser, and the machine's load";
        return String.format("the %d page fetches ran at the same time: %.2fs of fetching in %.2fs of wall time (each took %s: %s).",
                first.size(), sum, (end - start) / 1e9, each, why);
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
