package dev.tern.channels;

/** Where a channel hands what it received. */
@FunctionalInterface
public interface InboundSink {

    /**
     * Takes a message. Blocks while this channel's queue is full (back-pressure on this channel's
     * receiver only: other channels are not affected). Returns what became of the message; the
     * channel may then acknowledge it to its server (mark the mail seen, advance the update offset).
     */
    Intake accept(InboundMessage message) throws InterruptedException;

    /**
     * Reports a problem the operator must see (lost connection that keeps failing, state that cannot be
     * saved, a refused token). One line, naming the channel.
     */
    default void error(String message) {
        java.util.logging.Logger.getLogger(InboundSink.class.getName()).severe(message);
    }

    /** What became of a received message. */
    enum Intake {
        /** queued for a turn */
        QUEUED,
        /** seen before (a redelivery): dropped */
        DUPLICATE,
        /** the sender is not in {@code allowFrom}: dropped, logged, never answered */
        DENIED,
        /** the manager is shutting down: not taken, do not acknowledge */
        CLOSED
    }
}
