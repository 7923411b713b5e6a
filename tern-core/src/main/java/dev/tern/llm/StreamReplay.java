package dev.tern.llm;

import dev.tern.model.AssistantMessage;
import dev.tern.model.StreamListener;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;

/**
 * Plays a finished answer through a stream listener as a provider would stream it (first byte,
 * thinking, text in small deltas, tool calls): for answers that did not stream from the provider (the
 * response cache, batch APIs), so front-ends that draw streamed text still do.
 */
public final class StreamReplay {

    /** Characters per text delta: about a dozen tokens, like a provider's SSE chunks. */
    static final int CHUNK = 48;

    private StreamReplay() { }

    public static void to(StreamListener listener, AssistantMessage message) {
        listener.onFirstByte();
        for (ThinkingBlock t : message.thinking()) {
            if (!t.text().isEmpty()) listener.onThinking(t.text());
        }
        String text = message.text();
        for (int i = 0; i < text.length(); ) {
            int end = Math.min(text.length(), i + CHUNK);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--; // never split a pair
            listener.onText(text.substring(i, end));
            i = end;
        }
        int index = 0;
        for (ToolCall c : message.toolCalls()) {
            listener.onToolCallStart(index, c.id(), c.name());
            listener.onToolCallArguments(index, c.argumentsJson());
            index++;
        }
    }
}
