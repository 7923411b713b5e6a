package dev.tern.channels;

import java.util.Map;
import java.util.Objects;

/**
 * A message a channel received.
 *
 * @param channel   the channel's name
 * @param chatId    the conversation (its session is {@code channel:chatId})
 * @param senderId  the sender as the channel names them, checked against {@code allowFrom}
 * @param text      the text
 * @param messageId the protocol's id of this message (used to reply to it), or null
 * @param dedupeKey what identifies a redelivery of the same message (update id, Message-ID ...); never null
 * @param replyToId the message this one answers, or null
 * @param threadId  the protocol's thread / topic, or null
 * @param metadata  protocol details the reply needs (email subject and references ...); never null
 */
public record InboundMessage(String channel, String chatId, String senderId, String text, String messageId,
                             String dedupeKey, String replyToId, String threadId, Map<String, String> metadata) {

    public InboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(senderId, "senderId");
        text = text == null ? "" : text;
        if (dedupeKey == null) dedupeKey = messageId;
        Objects.requireNonNull(dedupeKey, "dedupeKey or messageId");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
