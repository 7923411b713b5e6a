package dev.tern.workspace.tools.web;

import static dev.tern.workspace.tools.Calls.q;
import static dev.tern.workspace.tools.Calls.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebFetchToolTest {

    static final String PAGE = """
            <!doctype html><html><head><title>Tern Test Page</title><style>body{color:red}</style>
            <script>var secret = 'do not show';</script></head><body>
            <nav><a href="/home">Home</a> | <a href="/about">About nav link</a></nav>
            <main><h1>Main heading</h1>
            <p>First paragraph with a <a href="/docs/intro">relative link</a> and <b>bold</b> text.</p>
            <h2>List</h2><ul><li>alpha</li><li>beta <a href="https://example.org/b">b</a></li></ul>
            <ol><li>one</li><li>two</li></ol>
            <pre>code  block
              indented</pre>
            </main><footer>Copyright footer text</footer></body></html>
            """;

    final AtomicInteger secretHits = new AtomicInteger();
    LocalServer server;
    LocalServer secret;
    dev.tern.http.HttpTransport client;

    @BeforeEach
    void setUp() throws Exception {
        secret = new LocalServer().on("/", ex -> {
            secretHits.incrementAndGet();
            LocalServer.send(ex, 200, "text/plain", "SECRET internal data");
        });
        server = new LocalServer()
                .on("/page", ex -> LocalServer.send(ex, 200, "text/html; charset=utf-8", PAGE))
                .on("/json", ex -> LocalServer.send(ex, 200, "application/json", "{\"name\":\"tern\",\"tags\":[1,2]}"))
                .on("/text", ex -> LocalServer.send(ex, 200, "text/plain", "x".repeat(5000)))
                .on("/png", ex -> LocalServer.send(ex, 200, "image/png", "\u0089PNG"))
                .on("/missing", ex -> LocalServer.send(ex, 404, "text/plain", "no such page"))
                .on("/huge", ex -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.sendResponseHeaders(200, 0);
                    byte[] chunk = "y".repeat(8192).getBytes();
                    try (var out = ex.getResponseBody()) {
                        for (int i = 0; i < 1024; i++) out.write(chunk); // 8 MB if nobody stops reading
                    } catch (java.io.IOException expected) {
                        // the client hung up at its byte cap
                    }
                })
                .on("/endless", ex -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    ex.sendResponseHeaders(200, 0);
                    try (var out = ex.getResponseBody()) {
                        for (int i = 0; i < 600; i++) { // a byte every 100 ms for a minute: headers at once, the body never ends
                            out.write('z');
                            out.flush();
                            Thread.sleep(100);
                        }
                    } catch (java.io.IOException expected) {
                        // the client gave up
                    }
                })
                .on("/slow", ex -> {
                    Thread.sleep(300);
                    LocalServer.send(ex, 200, "text/plain", "slow " + ex.getRequestURI().getQuery());
                })
                .on("/hop/", ex -> {
                    int n = Integer.parseInt(ex.getRequestURI().getPath().substring(5));
                    if (n == 0) LocalServer.send(ex, 200, "text/plain", "arrived");
                    else LocalServer.redirect(ex, "/hop/" + (n - 1));
                })
                .on("/to-secret", ex -> LocalServer.redirect(ex, secret.url("/")))
                .on("/to-localhost", ex -> LocalServer.redirect(ex, "http://localhost:" + secret.port() + "/"))
                .on("/to-metadata", ex -> LocalServer.redirect(ex, "http://169.254.169.254/latest/meta-data/"));
        client = dev.tern.http.Transports.create(dev.tern.http.TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void tearDown() {
        server.close();
        secret.close();
        client.close();
    }

    WebFetchTool tool(int maxBytes, String... allow) {
        return new WebFetchTool(new GuardedFetcher(client, new SsrfGuard(Set.of(allow)), Duration.ofSeconds(10), maxBytes),
                50_000, Duration.ofSeconds(10));
    }

    WebFetchTool tool() { return tool(5 * 1024 * 1024, server.hostPort()); }

    @Test
    void htmlBecomesReadableTextWithTitleFirstAndChromeDropped() throws Exception {
        ToolResult r = run(tool(), "{\"url\":" + q(server.url("/page")) + "}");
        assertThat(r.error()).as(r.content()).isFalse();
        String text = r.content().substring(r.content().indexOf("\n\n") + 2);
        assertThat(text).startsWith("# Tern Test Page\n\n# Main heading\n\nFirst paragraph with a [relative link]("
                + server.url("/docs/intro") + ") and **bold** text.\n\n## List\n\n- alpha\n- beta [b](https://example.org/b)\n\n1. one\n2. two");
        assertThat(text).contains("```\ncode  block\n  indented\n```"); // whitespace inside <pre> kept
        assertThat(text).doesNotContain("secret").doesNotContain("color:red").doesNotContain("nav link").doesNotContain("footer");
        assertThat(r.content()).startsWith("URL: " + server.url("/page") + "\nStatus: 200\n");
    }

    @Test
    void jsonIsPrettyPrintedAndTextIsTruncatedAtMaxChars() throws Exception {
        assertThat(run(tool(), "{\"url\":" + q(server.url("/json")) + "}").content())
                .contains("{\n  \"name\" : \"tern\",\n  \"tags\" : [ 1, 2 ]\n}");
        ToolResult t = run(tool(), "{\"url\":" + q(server.url("/text")) + ",\"max_chars\":1000}");
        assertThat(t.content()).contains("x".repeat(1000) + "\n\n[truncated: showing 1000 of 5000 characters")
                .doesNotContain("x".repeat(1001));
    }

    @Test
    void refusesBinaryTypesReportsHttpErrorsAndStopsAtTheByteCap() throws Exception {
        ToolResult png = run(tool(), "{\"url\":" + q(server.url("/png")) + "}");
        assertThat(png.error()).isTrue();
        assertThat(png.content()).contains("unsupported content type 'image/png'");
        ToolResult missing = run(tool(), "{\"url\":" + q(server.url("/missing")) + "}");
        assertThat(missing.error()).isTrue();
        assertThat(missing.content()).startsWith("HTTP 404").contains("no such page");
        ToolResult huge = run(tool(64 * 1024, server.hostPort()), "{\"url\":" + q(server.url("/huge")) + ",\"max_chars\":100000}");
        assertThat(huge.content()).contains("exceeded the download limit");
        String body = huge.content().substring(huge.content().indexOf("\n\n") + 2);
        assertThat(body).hasSize(64 * 1024).matches("y+");
        assertThat(run(tool(), "{\"url\":\"not a url\"}").content()).contains("invalid URL");
    }

    @Test
    void followsUpToFiveRedirectsCheckingEachHop() throws Exception {
        ToolResult ok = run(tool(), "{\"url\":" + q(server.url("/hop/5")) + "}");
        assertThat(ok.error()).as(ok.content()).isFalse();
        assertThat(ok.content()).contains("URL: " + server.url("/hop/0")).contains("redirected from").endsWith("arrived");
        ToolResult tooMany = run(tool(), "{\"url\":" + q(server.url("/hop/6")) + "}");
        assertThat(tooMany.error()).isTrue();
        assertThat(tooMany.content()).contains("too many redirects");
    }

    @Test
    void ssrfTargetsAreRefusedBeforeAnyConnection() throws Exception {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", secret.url("/"), "http://[::1]:" + secret.port() + "/",
                "http://10.1.2.3/", "http://0.0.0.0:" + secret.port() + "/", "http://localhost:" + secret.port() + "/")) {
            ToolResult r = run(tool(), "{\"url\":" + q(url) + "}");
            assertThat(r.error()).as(url).isTrue();
            assertThat(r.content()).as(url).startsWith("refused");
        }
        assertThat(secretHits).hasValue(0);
    }

    @Test
    void redirectsFromAnAllowListedServerToInternalAddressesAreRefused() throws Exception {
        for (String path : List.of("/to-secret", "/to-localhost", "/to-metadata")) {
            ToolResult r = run(tool(), "{\"url\":" + q(server.url(path)) + "}");
            assertThat(r.error()).as(path).isTrue();
            assertThat(r.content()).as(path).startsWith("refused").doesNotContain("SECRET");
        }
        assertThat(secretHits).hasValue(0);
        // the same secret server is reachable once its own host:port is allow-listed
        assertThat(run(tool(1 << 20, server.hostPort(), secret.hostPort()), "{\"url\":" + q(server.url("/to-secret")) + "}").content())
                .contains("SECRET");
    }

    @Test
    void fourSlowFetchesOnTheSharedClientOverlap() throws Exception {
        WebFetchTool fetch = tool();
        run(fetch, "{\"url\":" + q(server.url("/slow?warmup")) + "}");
        long start = System.nanoTime();
        List<Future<ToolResult>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                String url = server.url("/slow?n=" + i);
                futures.add(pool.submit(() -> run(fetch, "{\"url\":" + q(url) + "}")));
            }
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < 4; i++) assertThat(futures.get(i).get().content()).endsWith("slow n=" + i);
        assertThat(wallMs).as("wall %d ms vs sum 1200 ms", wallMs).isLessThan((long) (0.7 * 4 * 300));
    }

    @Test
    void aBodyThatNeverEndsIsCutAtTheTotalDeadline() throws Exception {
        WebFetchTool t = new WebFetchTool(new GuardedFetcher(client, new SsrfGuard(Set.of(server.hostPort())),
                Duration.ofSeconds(2), 5 * 1024 * 1024), 50_000, Duration.ofSeconds(2));
        long start = System.nanoTime();
        ToolResult r = run(t, "{\"url\":" + q(server.url("/endless")) + "}");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.error()).isTrue();
        assertThat(r.content()).contains("timed out").contains("whole body");
        assertThat(ms).as("the 2 s limit covers the body (the server would trickle for 60 s)").isLessThan(10_000);
        assertThat(t.traits().timeout()).isLessThan(Duration.ofSeconds(10));
    }
}
