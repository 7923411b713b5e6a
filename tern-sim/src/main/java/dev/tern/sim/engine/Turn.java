package dev.tern.sim.engine;

import java.util.List;

/**
 * One request message in API-neutral form.
 *
 * @param kind    who speaks
 * @param text    the plain text of the message ("" when none)
 * @param calls   tool calls an assistant message makes (empty for none)
 * @param results tool results a tool/user message carries, in request order (empty for none)
 */
public record Turn(Kind kind, String text, List<Call> calls, List<Result> results) {

    public enum Kind { USER, ASSISTANT, TOOL }

    /** A tool call seen in the request. */
    public record Call(String id, String name) { }

    /** A tool result seen in the request. */
    public record Result(String callId, String content) { }

    public Turn {
        text = text == null ? "" : text;
        calls = List.copyOf(calls);
        results = List.copyOf(results);
    }

    public static Turn user(String text) { return new Turn(Kind.USER, text, List.of(), List.of()); }
}
