package dev.tern.workspace.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.run.AgentEvent;
import dev.tern.run.Events;
import dev.tern.run.RunContext;
import dev.tern.json.Json;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.permission.PermissionGate;
import dev.tern.workspace.permission.PermissionMode;
import dev.tern.workspace.permission.PermissionPolicy;
import dev.tern.workspace.tools.web.SearchConfig;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in tools through the runtime's real {@link ToolExecutor}: scheduling traits and permissions. */
class ExecutorIntegrationTest {

    @TempDir Path ws;
    HttpServer server;
    dev.tern.http.HttpTransport http;
    ToolRegistry registry;
    Metrics metrics;
    final List<AgentEvent> events = new CopyOnWriteArrayList<>();
    RunContext run;

    private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInside = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/slow", ex -> {
            try (ex) {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(300);
                } finally {
                    inside.decrementAndGet();
                }
                byte[] b = ("page " + ex.getRequestURI().getQuery()).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        http = dev.tern.http.Transports.create(dev.tern.http.TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)));
        registry = new ToolRegistry();
        WorkspaceToolsConfig config = WorkspaceToolsConfig.builder(ws)
                .allowHosts(Set.of("127.0.0.1:" + server.getAddress().getPort()))
                .search(SearchConfig.fromEnv(Map.of())).build();
        BuiltinTools.register(registry, config, http);
        metrics = new Metrics();
        run = new RunContext("r1", "main", "s1", ws, new Events("r1", "main", List.of(events::add)), Instant.MAX,
                new ConcurrentHashMap<>());
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        http.close();
    }

    String url(String q) { return "http://127.0.0.1:" + server.getAddress().getPort() + "/slow?" + q; }

    @Test
    void registersTheSevenToolsWithStableParseableSchemas() {
        assertThat(registry.definitions()).extracting(s -> s.name())
                .containsExactly("read_file", "write_file", "edit_file", "list_dir", "glob", "grep", "exec", "web_fetch", "web_search");
        for (var spec : registry.definitions()) {
            var schema = Json.parse(spec.parametersJson());
            assertThat(schema.path("type").asString()).isEqualTo("object");
            assertThat(schema.path("required").size()).isPositive();
            assertThat(Json.write(schema)).as("compact canonical text").isEqualTo(spec.parametersJson());
        }
        assertThat(registry.find("exec").orElseThrow().traits().exclusive()).isTrue();
        for (String ro : List.of("read_file", "list_dir", "web_fetch", "web_search")) {
            assertThat(registry.find(ro).orElseThrow().traits().readOnly()).as(ro).isTrue();
        }
        assertThat(registry.find("web_fetch").orElseThrow().traits().cacheable()).isTrue();
        assertThat(registry.find("web_search").orElseThrow().traits().cacheable()).isTrue();
    }

    @Test
    void fourSlowWebFetchesInOneTurnOverlap() {
        ToolExecutor executor = new ToolExecutor(metrics);
        executor.execute(new ToolCall("w", "web_fetch", "{\"url\":\"" + url("warmup") + "\"}"), registry, run);
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) calls.add(new ToolCall("c" + i, "web_fetch", "{\"url\":\"" + url("n=" + i) + "\"}"));
        maxInside.set(0);
        List<ToolResultMessage> results = executor.executeAll(calls, registry, run);
        for (int i = 0; i < 4; i++) {
            assertThat(results.get(i).toolCallId()).isEqualTo("c" + i);
            assertThat(results.get(i).content()).endsWith("page n=" + i);
        }
        assertThat(maxInside).as("the server had the 4 fetches in flight at once").hasValue(4);
    }

    @Test
    void execCallsNeverOverlapAndKeepTheirOrder() throws Exception {
        ToolExecutor executor = new ToolExecutor(metrics);
        List<ToolCall> calls = List.of(
                new ToolCall("a", "exec", "{\"command\":\"echo start-a >> log; sleep 0.3; echo end-a >> log\"}"),
                new ToolCall("b", "exec", "{\"command\":\"echo start-b >> log; sleep 0.3; echo end-b >> log\"}"));
        executor.executeAll(calls, registry, run);
        assertThat(Files.readAllLines(ws.resolve("log"))).containsExactly("start-a", "end-a", "start-b", "end-b");
    }

    @Test
    void aCommandCutOffByTheRunDeadlineHasItsProcessTreeKilled() throws Exception {
        ToolExecutor executor = new ToolExecutor(metrics);
        RunContext shortRun = new RunContext("r2", "main", "s1", ws, Events.none("r2"), Instant.now().plusSeconds(1),
                new ConcurrentHashMap<>());
        ToolResultMessage r = executor.execute(new ToolCall("x", "exec",
                "{\"command\":\"(sleep 3; echo late > late.txt) & wait\"}"), registry, shortRun);
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("wall-time limit");
        // the background child would write late.txt 3 s after it started: it must be dead by then
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> !Files.exists(ws.resolve("late.txt")));
    }

    @Test
    void writesToOneFileKeepTheModelsOrder() throws Exception {
        ToolExecutor executor = new ToolExecutor(metrics);
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(new ToolCall("w" + i, "write_file", "{\"path\":\"./same.txt\",\"content\":\"v" + i + "\"}"));
            calls.add(new ToolCall("r" + i, "read_file", "{\"path\":\"same.txt\"}"));
        }
        List<ToolResultMessage> results = executor.executeAll(calls, registry, run);
        for (int i = 0; i < 8; i++) assertThat(results.get(2 * i + 1).content()).as("read after write %d", i).isEqualTo("v" + i + "\n");
        assertThat(Files.readString(ws.resolve("same.txt"))).isEqualTo("v7");
    }

    @Test
    void planModeDeniesWritesThroughTheExecutorAndReportsThemAsDenied() throws Exception {
        Files.writeString(ws.resolve("notes.md"), "hello");
        ToolExecutor executor = new ToolExecutor(metrics)
                .addGate(new PermissionGate(PermissionMode.PLAN, PermissionPolicy.DEFAULT, null, metrics));
        List<ToolResultMessage> results = executor.executeAll(List.of(
                new ToolCall("r", "read_file", "{\"path\":\"notes.md\"}"),
                new ToolCall("w", "write_file", "{\"path\":\"notes.md\",\"content\":\"bye\"}")), registry, run);
        assertThat(results.get(0).content()).isEqualTo("hello\n");
        assertThat(results.get(1).error()).isTrue();
        assertThat(results.get(1).content()).contains("plan mode");
        assertThat(Files.readString(ws.resolve("notes.md"))).isEqualTo("hello");
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolFinished f && f.callId().equals("w"))
                .singleElement().extracting(e -> ((AgentEvent.ToolFinished) e).source()).isEqualTo(AgentEvent.ToolSource.DENIED);
        assertThat(metrics.count("permission.checks")).isEqualTo(2);
        assertThat(metrics.count("permission.denied")).isEqualTo(1);
    }

}
