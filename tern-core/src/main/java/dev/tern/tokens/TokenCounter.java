package dev.tern.tokens;

import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.Message;
import dev.tern.model.SystemMessage;
import dev.tern.model.ThinkingBlock;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.model.UserMessage;

/**
 * Counts the tokens of text and of whole requests, before they are sent. Implementations are
 * thread-safe. Request counts add the per-message and per-tool framing that chat formats wrap around
 * content ({@link #MESSAGE_OVERHEAD}, {@link #TOOL_OVERHEAD}, {@link #REPLY_OVERHEAD}), following the
 * OpenAI cookbook's accounting; the result is within a few percent of what providers bill.
 */
public interface TokenCounter {

    /** Tokens framing each message (role, separators). */
    int MESSAGE_OVERHEAD = 4;
    /** Tokens framing each tool call inside an assistant message. */
    int TOOL_CALL_OVERHEAD = 3;
    /** Tokens framing each tool definition. */
    int TOOL_OVERHEAD = 8;
    /** Tokens priming the reply. */
    int REPLY_OVERHEAD = 3;

    /** Tokens of plain text; 0 for null or empty. */
    int count(String text);

    /** Tokens of one message including its framing. */
    default long countMessage(Message m) {
        long n = MESSAGE_OVERHEAD;
        switch (m) {
            case SystemMessage s -> n += count(s.text());
            case UserMessage u -> n += count(u.text());
            case ToolResultMessage t -> n += count(t.content()) + count(t.toolCallId());
            case AssistantMessage a -> {
                n += count(a.text());
                for (ToolCall c : a.toolCalls()) n += TOOL_CALL_OVERHEAD + count(c.name()) + count(c.argumentsJson());
                for (ThinkingBlock b : a.thinking()) n += count(b.text());
            }
        }
        return n;
    }

    /** Tokens of one tool definition including its framing. */
    default long countTool(ToolSpec t) {
        return TOOL_OVERHEAD + count(t.name()) + count(t.description()) + count(t.parametersJson());
    }

    /** Tokens of the whole prompt: messages, tool definitions and framing. */
    default long count(ChatRequest request) {
        long n = REPLY_OVERHEAD;
        for (Message m : request.messages()) n += countMessage(m);
        for (ToolSpec t : request.tools()) n += countTool(t);
        return n;
    }
}
