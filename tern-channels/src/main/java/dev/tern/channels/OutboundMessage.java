package dev.tern.channels;

import java.util.Map;
import java.util.Objects;

/**
 * One message to send: a part of an answer already cut to the channel's size limit.
 *
 * @param chatId    the conversation
 * @param text      the text (at most the channel's {@link Channel#maxMessageChars()})
 * @param replyToId the message this answers (thread it under), or null for a new message
 * @param threadId  the protocol's thread / topic, or null
 * @param metadata  the inbound message's metadata when this is a reply (email subject, references); never null
 * @param part      1-based index of this part of the answer
 * @param parts     how many parts the answer has
 */
public record OutboundMessage(String chatId, String text, String replyToId, String threadId,
                              Map<String, String> metadata, int part, int parts) {

    public OutboundMessage {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(text, "text");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A new message (not a reply), in one part. */
    public static OutboundMessage to(String chatId, String text) {
        return new OutboundMessage(chatId, text, null, null, Map.of(), 1, 1);
    }
}
