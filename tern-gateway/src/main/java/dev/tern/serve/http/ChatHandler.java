package dev.tern.serve.http;

import dev.tern.cancel.Cancellation;
import dev.tern.json.Json;
import dev.tern.model.ToolSpec;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.observe.Telemetry;
import dev.tern.serve.openai.ApiError;
import dev.tern.serve.openai.ChunkStream;
import dev.tern.serve.openai.CompletionRequest;
import dev.tern.serve.openai.Completions;
import dev.tern.serve.openai.Progress;
import dev.tern.serve.turn.Responder;
import dev.tern.serve.turn.Responders;
import dev.tern.serve.turn.Turn;
import dev.tern.serve.turn.TurnService;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/chat/completions}: one turn through the runtime, answered as OpenAI does (a
 * {@code chat.completion}, or SSE chunks). With {@code X-Tern-Session} (or the {@code user} field) the
 * server keeps the conversation: only the request's last user message (or its tool results) is new.
 */
public final class ChatHandler implements ApiHandler {

    public static final HeaderName SESSION = HeaderNames.create("X-Tern-Session");
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9._:@+-]{1,128}");

    private final Responders responders;
    private final TurnService turns;
    private final Telemetry telemetry;
    private final BodyReader body;
    private final dev.tern.serve.openai.KeepAlive keepAlive;

    /** @param keepAlive the clock of streamed answers' silences (keep-alive comments find clients that went away) */
    public ChatHandler(Responders responders, TurnService turns, Telemetry telemetry, BodyReader body, dev.tern.serve.openai.KeepAlive keepAlive) {
        this.keepAlive = keepAlive;
        this.responders = responders;
        this.turns = turns;
        this.telemetry = telemetry;
        this.body = body;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Caller caller) {
        CompletionRequest cr = CompletionRequest.parse(body.json(req));
        String session = sessionKey(req.headers().first(SESSION).orElse(null), cr.user());
        WorkspaceRuntime space = caller.space();
        Responder responder = responders.find(space, cr.model()).orElseThrow(() -> ApiError.modelNotFound(cr.model()));
        if (!cr.clientTools().isEmpty() && !responder.clientTools()) {
            throw ApiError.badRequest("tools", cr.model() + " does not take client tools");
        }
        Set<String> clientTools = new HashSet<>();
        for (ToolSpec s : cr.clientTools()) clientTools.add(s.name());
        String id = "chatcmpl-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        long created = Instant.now().getEpochSecond();
        Cancellation token = Cancellation.create();
        List<AgentListener> listeners = new ArrayList<>();
        listeners.add(telemetry.turn(caller.trace(), space.gateway().providerFor(space.model()).name(), session));
        ChunkStream stream = null;
        if (cr.stream()) {
            stream = new ChunkStream(() -> {
                res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
                res.header(HeaderNames.CACHE_CONTROL, "no-cache");
                res.header(HeaderNames.create("X-Accel-Buffering"), "no");
                return res.outputStream();
            }, token, keepAlive, id, created, cr.model(), cr.includeUsage());
            listeners.add(stream);
        }
        if (session != null) res.header(SESSION, session);
        Turn turn = new Turn(session, session == null ? cr.history() : List.of(), cr.input(), cr.toolResults(), cr.clientTools(),
                cr.instructions(), "api", caller.user().name(), cr.options(), listeners, token);
        if (stream == null) {
            RunResult result = turns.run(space, responder, turn);
            ApiError failure = failure(result);
            if (failure != null) throw failure;
            Http.json(res, 200, Json.write(Completions.completion(id, created, cr.model(), result,
                    Completions.clientCalls(result, clientTools))));
            return;
        }
        // the turn runs on this thread at once (its model call is never queued behind other requests' work: under load
        // that wait came before every call); the stream's own virtual thread writes (started by its first bytes), so a
        // slow client never holds the model call (and its provider permit) open
        ChunkStream out = stream;
        RuntimeException early = null;
        try {
            RunResult result = turns.run(space, responder, turn);
            ApiError failure = failure(result);
            if (failure != null && !out.begun()) {
                early = failure;
            } else {
                out.note(Progress.finishedJson(result, session));
                if (failure != null) out.fail(failure);
                else out.finish(Completions.finishReason(result), Completions.clientCalls(result, clientTools), result.usage());
            }
        } catch (RuntimeException e) {
            if (out.begun()) out.fail(new ApiError(500, "server_error", null, null, "the turn failed: " + e.getMessage(), 0));
            else early = e;
        } finally {
            out.end();
        }
        try {
            out.awaitWritten();
        } catch (InterruptedException e) {
            token.cancel("the server is shutting down");
            Thread.currentThread().interrupt();
            return;
        }
        if (early != null) throw early;
    }

    /** The error a run's outcome answers, or null when it answers normally. */
    static ApiError failure(RunResult r) {
        return switch (r.outcome()) {
            case FAILED -> new ApiError(502, "server_error", "upstream_error", null, "the turn failed: " + r.reason(), 0);
            case TIMEOUT -> new ApiError(504, "server_error", "timeout", null, r.reason(), 0);
            case CANCELLED -> new ApiError(503, "server_error", "cancelled", null, r.reason(), 0);
            default -> null;
        };
    }

    /** {@code X-Tern-Session}, else the {@code user} field, else null (stateless). */
    static String sessionKey(String header, String user) {
        String key = header != null && !header.isBlank() ? header.strip() : user != null && !user.isBlank() ? user.strip() : null;
        if (key != null && !SESSION_ID.matcher(key).matches()) {
            throw ApiError.badRequest(header != null ? "X-Tern-Session" : "user",
                    "a session id is 1-128 of letters, digits and . _ : @ + -");
        }
        return key;
    }
}
