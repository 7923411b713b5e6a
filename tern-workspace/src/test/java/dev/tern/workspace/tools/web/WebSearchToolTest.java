package dev.tern.workspace.tools.web;

import static dev.tern.workspace.tools.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.tern.json.Json;
import dev.tern.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebSearchToolTest {

    final Map<String, String> seen = new ConcurrentHashMap<>();
    final AtomicInteger braveCalls = new AtomicInteger();
    volatile int braveStatus = 200;
    LocalServer server;
    dev.tern.http.HttpTransport client;

    @BeforeEach
    void setUp() throws Exception {
        server = new LocalServer()
                .on("/brave", ex -> {
                    braveCalls.incrementAndGet();
                    seen.put("brave.token", header(ex, "X-Subscription-Token"));
                    seen.put("brave.query", URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
                    LocalServer.send(ex, braveStatus, "application/json", braveStatus == 200 ? resource("brave.json") : "{\"error\":\"quota\"}");
                })
                .on("/tavily", ex -> {
                    seen.put("tavily.auth", header(ex, "Authorization"));
                    seen.put("tavily.body", body(ex));
                    LocalServer.send(ex, 200, "application/json", resource("tavily.json"));
                })
                .on("/searx/search", ex -> {
                    seen.put("searx.query", URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
                    LocalServer.send(ex, 200, "application/json", resource("searxng.json"));
                })
                .on("/ddg", ex -> {
                    seen.put("ddg.method", ex.getRequestMethod());
                    seen.put("ddg.body", URLDecoder.decode(body(ex), StandardCharsets.UTF_8));
                    LocalServer.send(ex, 200, "text/html; charset=UTF-8", resource("duckduckgo.html"));
                })
                .on("/down", ex -> LocalServer.send(ex, 503, "text/plain", "maintenance"));
        client = dev.tern.http.Transports.create(dev.tern.http.TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void tearDown() {
        server.close();
        client.close();
    }

    SearchConfig config(List<String> order, String braveKey, String tavilyKey, String searx, String ddgPath) {
        return new SearchConfig(order, braveKey, tavilyKey, searx, server.url("/brave"), server.url("/tavily"),
                server.url(ddgPath), 5);
    }

    WebSearchTool tool(SearchConfig c) { return new WebSearchTool(client, c, Duration.ofSeconds(5)); }

    @Test
    void braveResultsAreParsedAndTheKeyIsSent() throws Exception {
        ToolResult r = run(tool(config(List.of(), "brave-key", null, null, "/ddg")), "{\"query\":\"tern jvm agent\",\"count\":3}");
        assertThat(r.error()).as(r.content()).isFalse();
        assertThat(r.content()).isEqualTo("""
                Results for: tern jvm agent (brave)

                1. Tern - an LLM agent runtime for the JVM
                   https://tern.example.dev/
                   A fast, frugal LLM agent runtime for the JVM.

                2. Virtual threads - JEP 444
                   https://openjdk.org/jeps/444
                   Introduce virtual threads to the Java Platform.
                """);
        assertThat(seen).containsEntry("brave.token", "brave-key").containsEntry("brave.query", "q=tern jvm agent&count=3");
    }

    @Test
    void tavilyIsUsedWhenBraveFailsAndGetsItsBearerKeyAndJsonBody() throws Exception {
        braveStatus = 429;
        ToolResult r = run(tool(config(List.of(), "brave-key", "tvly-key", null, "/ddg")), "{\"query\":\"tern jvm agent\",\"count\":25}");
        assertThat(braveCalls).hasValue(1);
        assertThat(r.content()).startsWith("Results for: tern jvm agent (tavily)\n\n1. Tern documentation\n   https://tern.example.dev/docs\n"
                + "   Tern runs agents on virtual threads and caches read-only tool calls.\n\n2. Agents on the JVM");
        assertThat(seen).containsEntry("tavily.auth", "Bearer tvly-key");
        JsonNode body = Json.parse(seen.get("tavily.body"));
        assertThat(body.path("query").asString()).isEqualTo("tern jvm agent");
        assertThat(body.path("max_results").asInt()).isEqualTo(10); // count capped at 10
    }

    @Test
    void searxngIsQueriedInJsonFormat() throws Exception {
        ToolResult r = run(tool(config(List.of("searxng", "duckduckgo"), null, null, server.url("/searx/"), "/ddg")),
                "{\"query\":\"tern jvm agent\"}");
        assertThat(r.content()).contains("(searxng)").contains("1. Tern\n   https://tern.example.dev/\n   LLM agent runtime for the JVM.")
                .contains("2. example/tern on GitHub\n   https://github.com/example/tern");
        assertThat(seen.get("searx.query")).isEqualTo("q=tern jvm agent&format=json");
        assertThat(seen).doesNotContainKey("ddg.method");
    }

    @Test
    void duckDuckGoHtmlIsParsedWithoutAKeySkippingAdsAndUnwrappingLinks() throws Exception {
        ToolResult r = run(tool(config(List.of(), null, null, null, "/ddg")), "{\"query\":\"tern jvm agent\"}");
        assertThat(braveCalls).hasValue(0); // unconfigured backends are skipped, not called
        assertThat(r.content()).isEqualTo("""
                Results for: tern jvm agent (duckduckgo)

                1. Tern agent guide
                   https://tern.example.dev/guide?a=1&b=2
                   How to run an agent on the JVM with Tern.

                2. JEP 444: Virtual Threads
                   https://openjdk.org/jeps/444
                   Virtual threads are lightweight threads.
                """);
        assertThat(seen).containsEntry("ddg.method", "POST");
        assertThat(seen.get("ddg.body")).startsWith("q=tern jvm agent");
    }

    @Test
    void whenEveryBackendFailsTheErrorNamesEachFailure() throws Exception {
        braveStatus = 500;
        ToolResult r = run(tool(config(List.of("brave", "duckduckgo"), "k", null, null, "/down")), "{\"query\":\"x\"}");
        assertThat(r.error()).isTrue();
        assertThat(r.content()).startsWith("web search failed: brave: brave answered HTTP 500")
                .contains("duckduckgo: duckduckgo answered HTTP 503: maintenance");
    }

    @Test
    void theEnvironmentGivesKeysAndTheDefaultOrder() {
        SearchConfig c = SearchConfig.fromEnv(Map.of("TAVILY_API_KEY", "t1", "SEARXNG_URL", "http://searx.lan"));
        assertThat(c.order()).containsExactly("brave", "tavily", "searxng", "duckduckgo");
        assertThat(c.tavilyApiKey()).isEqualTo("t1");
        assertThat(c.searxngUrl()).isEqualTo("http://searx.lan");
    }

    private static String header(HttpExchange ex, String name) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    private static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebSearchToolTest.class.getResourceAsStream("/search/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
