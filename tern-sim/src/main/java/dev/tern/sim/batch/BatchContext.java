package dev.tern.sim.batch;

import dev.tern.sim.SimConfig;
import dev.tern.sim.engine.StatsRecorder;
import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.wire.Dialect;
import dev.tern.sim.wire.SimJson;
import dev.tern.sim.wire.WireError;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * What the batch APIs share with the server.
 *
 * @param clock    time source of batch timelines
 * @param config   batch behaviour
 * @param apiKey   required key, nullable
 * @param stats    counters
 * @param files    OpenAI files
 * @param answerer answers one item with the normal engine
 * @param baseUrl  the server's base URL (Anthropic {@code results_url})
 */
public record BatchContext(InstantSource clock, SimConfig.Batches config, String apiKey, StatsRecorder stats,
                           FileStore files, ItemAnswerer answerer, Supplier<String> baseUrl) {

    /** Answers one batch item with the simulator's normal engine. */
    @FunctionalInterface
    public interface ItemAnswerer {
        Answer answer(String batchId, Batch.Item item);
    }

    static final String JSON = "application/json";

    static void json(HttpResponse resp, int status, JsonNode body) throws IOException {
        resp.send(status, Map.of(), JSON, SimJson.bytes(body));
    }

    static void error(HttpResponse resp, Dialect dialect, WireError e) throws IOException {
        resp.send(e.status(), Map.of(), JSON, dialect.error(e, null));
    }

    static void notAllowed(HttpRequest req, HttpResponse resp, Dialect dialect) throws IOException {
        error(resp, dialect, new WireError(405, "invalid_request_error", "Method " + req.method() + " not allowed on "
                + req.path(), null, null));
    }

    /** OpenAI's error for a missing body parameter. */
    static WireError missing(String param) {
        return new WireError(400, "invalid_request_error", "Missing required parameter: '" + param + "'.", param,
                "missing_required_parameter");
    }
}
