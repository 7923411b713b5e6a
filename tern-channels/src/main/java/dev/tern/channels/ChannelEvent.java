package dev.tern.channels;

import java.time.Duration;

/** What happens on the channels; rendered by the gateway (logs, metrics, web UI) and asserted by tests. */
public sealed interface ChannelEvent {

    String channel();

    record Started(String channel) implements ChannelEvent { }

    /** The channel did not start; the others run. */
    record StartFailed(String channel, String reason) implements ChannelEvent { }

    record Received(String channel, String chatId, String senderId, String messageId) implements ChannelEvent { }

    /** A redelivered message, dropped. */
    record Duplicate(String channel, String dedupeKey) implements ChannelEvent { }

    /** A sender not in {@code allowFrom}: dropped and never answered. */
    record Denied(String channel, String chatId, String senderId) implements ChannelEvent { }

    record TurnFailed(String channel, String chatId, String reason) implements ChannelEvent { }

    /** An answer was sent in {@code parts} messages. */
    record Replied(String channel, String chatId, int parts) implements ChannelEvent { }

    record SendRetrying(String channel, String chatId, int attempt, Duration delay, String reason) implements ChannelEvent { }

    /** A message could not be delivered (permanent failure or retries exhausted): never silent. */
    record SendFailed(String channel, String chatId, String reason) implements ChannelEvent { }

    /** Something the operator must see (a receive loop error, a state file that cannot be written). */
    record Error(String channel, String message) implements ChannelEvent { }

    record Stopped(String channel) implements ChannelEvent { }
}
