package dev.tern.serve.http;

import dev.tern.json.Json;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import dev.tern.serve.openai.ApiError;
import dev.tern.serve.openai.Completions;
import dev.tern.store.Session;
import dev.tern.store.SessionEntry;
import dev.tern.store.SessionInfo;
import dev.tern.store.SessionStore;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The caller's own sessions: {@code GET /v1/sessions}, {@code GET /v1/sessions/{id}} (its messages, OpenAI
 * shaped), {@code DELETE /v1/sessions/{id}}. Each user's sessions live in their own workspace, so another
 * user's id is simply not there: 404, the same answer as for an id that never existed.
 */
public final class SessionsHandler {

    public void list(ServerRequest req, ServerResponse res, Caller c) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (SessionInfo i : c.space().sessions().list()) data.add(info(i));
        Http.json(res, 200, Json.write(root));
    }

    public void get(ServerRequest req, ServerResponse res, Caller c) {
        String id = req.path().pathParameters().get("id");
        SessionStore store = c.space().sessions();
        if (!store.exists(id)) throw notFound(id);
        Session s = store.open(id);
        ObjectNode root = info(s.info());
        ArrayNode msgs = root.putArray("messages");
        for (SessionEntry e : s.entries(0, s.size())) msgs.add(message(e));
        Http.json(res, 200, Json.write(root));
    }

    public void delete(ServerRequest req, ServerResponse res, Caller c) {
        String id = req.path().pathParameters().get("id");
        if (!c.space().sessions().delete(id)) throw notFound(id);
        ObjectNode root = Json.object();
        root.put("id", id).put("object", "session.deleted").put("deleted", true);
        Http.json(res, 200, Json.write(root));
    }

    private static ApiError notFound(String id) {
        return ApiError.notFound("session_not_found", "No session '" + id + "'");
    }

    private static ObjectNode info(SessionInfo i) {
        ObjectNode n = Json.object();
        n.put("id", i.key()).put("object", "session");
        if (i.title() == null) n.putNull("title"); else n.put("title", i.title());
        n.put("created", i.created() == null ? 0 : i.created().getEpochSecond());
        n.put("updated", i.updated() == null ? 0 : i.updated().getEpochSecond());
        n.put("messageCount", i.messageCount());
        return n;
    }

    private static ObjectNode message(SessionEntry e) {
        ObjectNode n = Json.object();
        Message m = e.message();
        n.put("role", m.role());
        switch (m) {
            case UserMessage u -> n.put("content", u.text());
            case SystemMessage s -> n.put("content", s.text());
            case AssistantMessage a -> {
                n.put("content", a.text());
                if (a.hasToolCalls()) {
                    ArrayNode calls = n.putArray("tool_calls");
                    for (ToolCall c : a.toolCalls()) Completions.toolCall(calls.addObject(), c);
                }
            }
            case ToolResultMessage t -> {
                n.put("tool_call_id", t.toolCallId()).put("name", t.toolName()).put("content", t.content());
                if (t.error()) n.put("error", true);
            }
            default -> { }
        }
        n.put("created", e.timestamp().getEpochSecond());
        return n;
    }
}
