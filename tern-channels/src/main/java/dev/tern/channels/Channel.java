package dev.tern.channels;

/**
 * A chat channel: receives messages on its own threads and sends answers. The {@link ChannelManager}
 * does everything that is the same for every channel: allow lists, de-duplication, one turn at a
 * time per chat, splitting long answers, retries and typing.
 */
public interface Channel extends AutoCloseable {

    /** The name in the config and in session keys: {@code email}, {@code telegram}, {@code webhook}. */
    String name();

    /** Who may talk to the assistant here ({@code allowFrom}). */
    AllowList allowList();

    /** The longest message the protocol takes; longer answers are split. */
    int maxMessageChars();

    /** Whether intermediate progress and tool hints may be sent as messages (not for email). */
    default boolean sendsProgress() { return true; }

    /**
     * Starts receiving: connects, then delivers messages to {@code sink} from its own (virtual) threads
     * until {@link #close()}. Returns once receiving has started.
     *
     * @throws ChannelException with a one-line reason when the channel cannot start (bad config, no consent,
     *                          unreachable server); the other channels are not affected
     */
    void start(InboundSink sink) throws ChannelException;

    /**
     * Sends one message.
     *
     * @throws SendException transient (retried with backoff, honouring its retry-after) or permanent
     */
    void send(OutboundMessage message) throws SendException;

    /** How often the typing sign must be renewed while a turn runs, or null when the protocol has none. */
    default java.time.Duration typingEvery() { return null; }

    /** Shows the protocol's "typing" sign in a chat, where there is one; must be cheap. */
    default void typing(String chatId, String threadId) throws SendException { }

    /** Stops receiving and releases connections; idempotent. */
    @Override
    void close();
}
