package dev.tern.model;

/**
 * Callbacks fired while a streaming call is in progress, on the calling thread, in arrival order.
 * All methods are optional. The aggregated {@link ChatResponse} is still returned at the end.
 */
public interface StreamListener {

    StreamListener NONE = new StreamListener() { };

    /** A piece of answer text. */
    default void onText(String delta) { }

    /** A piece of thinking text. */
    default void onThinking(String delta) { }

    /** A tool call began: its position in the response, id and name. */
    default void onToolCallStart(int index, String id, String name) { }

    /** A fragment of a tool call's JSON arguments. */
    default void onToolCallArguments(int index, String delta) { }

    /** The first byte of the answer arrived (streaming only); used for time-to-first-token. */
    default void onFirstByte() { }

    /**
     * A transient failure will be retried after {@code delay}; {@code attempt} is the retry number
     * (1 for the first retry). Lets the user see "rate limited, waiting 1.0 s" instead of silence.
     */
    default void onRetry(int attempt, java.time.Duration delay, String reason) { }
}
