package dev.tern.serve;

import dev.tern.channels.webhook.WebhookChannel;
import dev.tern.serve.http.ChatHandler;
import dev.tern.serve.http.Http;
import dev.tern.serve.http.ModelsHandler;
import dev.tern.serve.http.Routes;
import dev.tern.serve.http.SessionsHandler;
import dev.tern.serve.web.LiveMetrics;
import dev.tern.serve.web.WebUi;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The HTTP server of the gateway: Helidon SE 4 (each request on its own virtual thread, blocking handlers) and its routes. */
final class Server {

    private Server() { }

    static WebServer start(Gateway g, ServeConfig c) {
        Routes routes = new Routes(g.auth(), g.newLimiter(), g.users(), g.telemetry());
        ChatHandler chat = new ChatHandler(g.responders(), g.turns(), g.telemetry(), g.bodies(), g.keepAlive());
        ModelsHandler models = new ModelsHandler(g.responders());
        SessionsHandler sessions = new SessionsHandler();
        LiveMetrics live = new LiveMetrics(g.runtime().metrics(), g.telemetry(), g.turns(), Duration.ofSeconds(1), g::closing);
        WebUi ui = new WebUi();
        HttpRouting.Builder r = HttpRouting.builder().addFilter(routes.tracing());
        r.get("/healthz", (req, res) -> Http.json(res, 200, "{\"status\":\"ok\"}"));
        r.get("/readyz", (req, res) -> {
            if (g.closing()) Http.json(res, 503, "{\"status\":\"draining\",\"running\":" + g.turns().running() + "}");
            else if (!g.warm()) Http.json(res, 503, "{\"status\":\"starting\",\"running\":" + g.turns().running() + "}");
            else Http.json(res, 200, "{\"status\":\"ready\",\"running\":" + g.turns().running() + "}");
        });
        r.post("/v1/chat/completions", routes.api(chat));
        r.get("/v1/models", routes.api(models::list));
        r.get("/v1/models/{id}", routes.api(models::get));
        r.get("/v1/sessions", routes.api(sessions::list));
        r.get("/v1/sessions/{id}", routes.api(sessions::get));
        r.delete("/v1/sessions/{id}", routes.api(sessions::delete));
        r.get("/v1/events", routes.api(live::stream));
        r.get("/v1/dashboard", routes.api(live::metrics));
        r.get("/metrics", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            res.send(g.telemetry().scrape(g.runtime().metrics()).getBytes(StandardCharsets.UTF_8));
        });
        r.route(Method.predicate(Method.GET, Method.POST, Method.DELETE), io.helidon.http.PathMatchers.exact("/mcp"),
                routes.api((req, res, caller) -> {
                    g.awaitWarm(); // the MCP tools are made just after the port opens
                    g.mcpTransport().handle(req, res, caller);
                }));
        WebhookChannel webhook = g.channels() == null ? null : g.channels().webhook();
        if (webhook != null) {
            r.route(Method.POST, g.channels().webhookPath(), routes.open((req, res) -> {
                Map<String, String> headers = new HashMap<>();
                req.headers().forEach(h -> headers.put(h.name(), h.get()));
                WebhookChannel.Response answer = webhook.handle("POST", headers, g.bodies().bytes(req, WebhookChannel.MAX_BODY_BYTES));
                Http.json(res, answer.status(), answer.json());
            }));
        }
        for (String path : WebUi.paths()) r.get(path, ui::handle);
        r.any("/v1/*", routes.notFound());
        r.any("/*", (req, res) -> res.status(Status.NOT_FOUND_404).send());
        return WebServer.builder().host(c.host()).port(c.port()).shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(500))
                .connectionOptions(o -> o.readTimeout(c.readTimeout()).tcpNoDelay(true))
                .connectionConfig(o -> o.readTimeout(c.readTimeout()))
                .routing(r).build().start();
    }
}
