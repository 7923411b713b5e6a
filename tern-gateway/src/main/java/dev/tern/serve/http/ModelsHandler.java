package dev.tern.serve.http;

import dev.tern.json.Json;
import dev.tern.serve.openai.ApiError;
import dev.tern.serve.turn.Responder;
import dev.tern.serve.turn.Responders;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: the default agent, the agents and the workflows of the caller's workspace. */
public final class ModelsHandler {

    private final Responders responders;

    public ModelsHandler(Responders responders) { this.responders = responders; }

    public void list(ServerRequest req, ServerResponse res, Caller c) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (Responder r : responders.list(c.space())) data.add(model(r));
        Http.json(res, 200, Json.write(root));
    }

    public void get(ServerRequest req, ServerResponse res, Caller c) {
        String id = req.path().pathParameters().get("id");
        Responder r = responders.list(c.space()).stream().filter(x -> x.model().equals(id)).findFirst()
                .orElseThrow(() -> ApiError.modelNotFound(id));
        Http.json(res, 200, Json.write(model(r)));
    }

    private static ObjectNode model(Responder r) {
        ObjectNode m = Json.object();
        m.put("id", r.model()).put("object", "model").put("created", 0).put("owned_by", "tern").put("description", r.description());
        return m;
    }
}
