package dev.tern.channels;

/** A channel cannot start or run; the message is one line naming the channel and the reason. */
public class ChannelException extends Exception {
    public ChannelException(String message) { super(message); }

    public ChannelException(String message, Throwable cause) { super(message, cause); }
}
