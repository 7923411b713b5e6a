package dev.tern.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the simulator saw it (see {@link SimServer#requests()}).
 *
 * @param seq         position in the log (increasing from 1; kept across {@code clearRequests})
 * @param timeMs      epoch milliseconds when it was received (the server clock)
 * @param method      HTTP method, or {@code BATCH} for an item of a batch
 * @param path        path without the query (a batch item has its endpoint, e.g. {@code /v1/chat/completions})
 * @param query       raw query ("" when none; a batch item has {@code batch=<id>&custom_id=<id>})
 * @param headers     request headers, lower-case names, credentials masked ({@code authorization},
 *                    {@code x-api-key}, {@code cookie})
 * @param model       requested model of a chat request, null for other requests or unparseable bodies
 * @param scenario    scenario that answered, null when none did
 * @param status      HTTP status answered (0 = the connection was reset before a status was sent)
 * @param inputTokens estimated input tokens of a chat request (0 for others)
 * @param system      system prompt text of a chat request ("" when none)
 * @param messages    the chat messages in order (empty for other requests, and for bodies larger than 4 × the
 *                    log's byte cap: the log keeps its memory bounded)
 * @param body        the body as UTF-8 text, cut at the log's byte cap
 * @param bodyBytes   the full body length in bytes
 * @param truncated   whether {@code body} was cut
 */
public record SimRequest(long seq, long timeMs, String method, String path, String query, Map<String, String> headers,
                         String model, String scenario, int status, long inputTokens, String system,
                         List<Message> messages, String body, int bodyBytes, boolean truncated) {

    /**
     * One message of a chat request.
     *
     * @param role {@code user}, {@code assistant} or {@code tool} (tool results; an Anthropic user message
     *             carrying {@code tool_result} blocks is {@code tool})
     * @param text its text (tool results joined by newlines; assistant tool calls as {@code name(args...)} are not included)
     */
    public record Message(String role, String text) { }

    public SimRequest {
        headers = Map.copyOf(headers);
        messages = List.copyOf(messages);
    }

    /** The system prompt and every message text, one per line. */
    public String text() {
        StringBuilder sb = new StringBuilder(system);
        for (Message m : messages) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(m.text());
        }
        return sb.toString();
    }

    /** Whether the system prompt, a message or the (possibly cut) body contains {@code s}. */
    public boolean contains(String s) {
        return text().contains(s) || body.contains(s);
    }

    /** Whether it contains {@code s} ignoring case. */
    public boolean containsIgnoreCase(String s) {
        String needle = s.toLowerCase(Locale.ROOT);
        return text().toLowerCase(Locale.ROOT).contains(needle) || body.toLowerCase(Locale.ROOT).contains(needle);
    }
}
