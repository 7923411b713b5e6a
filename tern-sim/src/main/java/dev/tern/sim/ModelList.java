package dev.tern.sim;

import dev.tern.sim.engine.ScenarioBook;
import dev.tern.sim.http.HttpRequest;
import dev.tern.sim.http.HttpResponse;
import dev.tern.sim.wire.AnthropicDialect;
import dev.tern.sim.wire.OpenAiDialect;
import dev.tern.sim.wire.SimJson;
import dev.tern.sim.wire.WireError;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: scenarios as models, with their context window
 * when one is configured (OpenAI shape: vLLM's {@code max_model_len} and OpenRouter's {@code context_length};
 * Anthropic shape, chosen by the {@code anthropic-version} header: {@code max_input_tokens}).
 */
final class ModelList {

    private final SimConfig config;
    private final ScenarioBook book;
    private final ContextWindows windows;

    ModelList(SimConfig config, ScenarioBook book) {
        this.config = config;
        this.book = book;
        this.windows = new ContextWindows(config);
    }

    void list(HttpRequest req, HttpResponse resp) throws IOException {
        boolean anthropic = req.header("anthropic-version") != null;
        Set<String> ids = new LinkedHashSet<>(List.of("sim", "echo"));
        book.all().forEach(s -> ids.add("sim:" + s.name()));
        book.fileNames().forEach(n -> ids.add("sim:" + n));
        for (String key : config.contextWindows().keySet()) if (key.startsWith("sim:") || !isScenario(key)) ids.add(key);
        ObjectNode root = SimJson.object();
        ArrayNode data = root.putArray("data");
        List<String> listed = new ArrayList<>(ids);
        for (String id : listed) data.add(entry(id, anthropic));
        if (anthropic) {
            root.put("has_more", false);
            root.put("first_id", listed.get(0));
            root.put("last_id", listed.get(listed.size() - 1));
        } else root.put("object", "list");
        send(resp, 200, SimJson.bytes(root));
    }

    /** Any model the chat endpoints would serve exists; a {@code sim:} spec naming no scenario does not. */
    void retrieve(HttpRequest req, HttpResponse resp) throws IOException {
        boolean anthropic = req.header("anthropic-version") != null;
        String id = URLDecoder.decode(req.path().substring("/v1/models/".length()), StandardCharsets.UTF_8);
        try {
            ModelSpec spec = ModelSpec.parse(id);
            if (spec.scenario() != null && book.get(spec.scenario()) == null) throw new IllegalArgumentException(id);
        } catch (IllegalArgumentException e) {
            WireError err = anthropic ? new WireError(404, "not_found_error", "model: " + id, null, null)
                    : new WireError(404, "invalid_request_error", "The model '" + id + "' does not exist", "model",
                    "model_not_found");
            send(resp, 404, anthropic ? new AnthropicDialect().error(err, null) : new OpenAiDialect().error(err, null));
            return;
        }
        send(resp, 200, SimJson.bytes(entry(id, anthropic)));
    }

    private ObjectNode entry(String id, boolean anthropic) {
        long window = window(id);
        ObjectNode m = SimJson.object();
        if (anthropic) {
            m.put("type", "model");
            m.put("id", id);
            m.put("display_name", "Tern simulator " + id);
            m.put("created_at", "2025-01-01T00:00:00Z");
            if (window > 0) m.put("max_input_tokens", window);
        } else {
            m.put("id", id);
            m.put("object", "model");
            m.put("created", 1735689600L);
            m.put("owned_by", "tern-sim");
            if (window > 0) {
                m.put("max_model_len", window);
                m.put("context_length", window);
            }
        }
        return m;
    }

    /** The window a request for model {@code id} would get (0 = none). */
    private long window(String id) {
        try {
            ModelSpec spec = ModelSpec.parse(id);
            Scenario s = spec.scenario() != null ? book.get(spec.scenario())
                    : spec.isSim() ? null : book.select(null, spec, null);
            if (s == Scenario.ECHO && !id.equals("echo")) s = null;
            return windows.of(spec, s);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private boolean isScenario(String name) {
        try {
            return book.get(name) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void send(HttpResponse resp, int status, byte[] body) throws IOException {
        resp.send(status, Map.of(), ChatEndpoint.JSON, body);
    }
}
