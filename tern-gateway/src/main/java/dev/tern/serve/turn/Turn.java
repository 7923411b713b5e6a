package dev.tern.serve.turn;

import dev.tern.cancel.Cancellation;
import dev.tern.model.Message;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.run.AgentListener;
import java.util.List;

/**
 * One turn a front-end asks for (an HTTP request, a channel message, an MCP tool call).
 *
 * @param sessionKey   the server-kept session, or null for a stateless turn (the caller sends the history)
 * @param history      earlier messages of a stateless turn (ignored with a session: the session is the history)
 * @param input        the new user message, or null when the turn continues after {@code toolResults}
 * @param toolResults  results of the caller's own tools, answering the last answer's external calls
 * @param clientTools  functions the caller runs itself (offered to the model next to the server's tools)
 * @param instructions the caller's own instructions (system messages of a stateless request), or null
 * @param channel      where the turn comes from ({@code api}, {@code web}, {@code telegram} ...), for the runtime block
 * @param chatId       the chat on that channel, or null
 * @param options      per-request model options
 * @param listeners    who watches the run (SSE, progress, traces)
 * @param cancellation the caller's token (client gone, server draining)
 */
public record Turn(String sessionKey, List<Message> history, String input, List<ToolResultMessage> toolResults,
                   List<ToolSpec> clientTools, String instructions, String channel, String chatId, Options options,
                   List<AgentListener> listeners, Cancellation cancellation) {

    /** Model options a request may set; null = the agent's own. */
    public record Options(Double temperature, Integer maxOutputTokens) {
        public static final Options NONE = new Options(null, null);
    }

    public Turn {
        history = history == null ? List.of() : List.copyOf(history);
        toolResults = toolResults == null ? List.of() : List.copyOf(toolResults);
        clientTools = clientTools == null ? List.of() : List.copyOf(clientTools);
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        options = options == null ? Options.NONE : options;
        if (input == null && toolResults.isEmpty() && (history.isEmpty() || !(history.getLast() instanceof ToolResultMessage))) {
            throw new IllegalArgumentException("a turn needs a user message or tool results");
        }
    }

    /** A plain turn in a session (channels, cron, MCP). */
    public static Turn inSession(String sessionKey, String input, String channel, String chatId, List<AgentListener> listeners,
                                 Cancellation cancellation) {
        return new Turn(sessionKey, List.of(), input, List.of(), List.of(), null, channel, chatId, Options.NONE, listeners, cancellation);
    }

    public Turn withListeners(List<AgentListener> l) {
        return new Turn(sessionKey, history, input, toolResults, clientTools, instructions, channel, chatId, options, l, cancellation);
    }

    public Turn withCancellation(Cancellation c) {
        return new Turn(sessionKey, history, input, toolResults, clientTools, instructions, channel, chatId, options, listeners, c);
    }
}
