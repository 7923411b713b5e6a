package dev.tern.channels;

import java.util.Map;
import java.util.Objects;

/**
 * What a channel message, a cron job or a heartbeat asks of the agent: one turn in one session.
 *
 * @param source     who asks: a person on a channel, a cron job or the heartbeat
 * @param channel    the channel name ({@code email}, {@code telegram}, {@code webhook}, or {@code cron} /
 *                   {@code heartbeat} for turns that reply to nobody)
 * @param chatId     the conversation on that channel (email address, Telegram chat id, webhook chat id, job id)
 * @param senderId   who wrote the message (as the channel names them; {@code cron:<id>} for jobs)
 * @param text       the message text
 * @param messageId  the protocol's id of the message (Message-ID, Telegram message_id, webhook id), or null
 * @param replyToId  the id of the message this one answers, or null
 * @param threadId   the protocol's thread (Telegram forum topic, email References root), or null
 * @param sessionKey the conversation's session: {@code <channel>:<chatId>} unless a job names another
 * @param metadata   protocol details a turn may want (subject, username); never null
 */
public record TurnRequest(Source source, String channel, String chatId, String senderId, String text,
                          String messageId, String replyToId, String threadId, String sessionKey,
                          Map<String, String> metadata) {

    /** Who asked for the turn. */
    public enum Source { CHANNEL, CRON, HEARTBEAT }

    public TurnRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(text, "text");
        if (sessionKey == null) sessionKey = sessionKey(channel, chatId);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** nanobot's convention: one session per (channel, chat). */
    public static String sessionKey(String channel, String chatId) { return channel + ":" + chatId; }

    /** The turn for a message that arrived on a channel. */
    public static TurnRequest of(InboundMessage m) {
        return new TurnRequest(Source.CHANNEL, m.channel(), m.chatId(), m.senderId(), m.text(), m.messageId(),
                m.replyToId(), m.threadId(), null, m.metadata());
    }
}
