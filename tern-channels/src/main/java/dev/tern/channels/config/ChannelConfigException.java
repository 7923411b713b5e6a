package dev.tern.channels.config;

/** A channels, cron or heartbeat setting that cannot be used; the message is one line naming file and key path. */
public class ChannelConfigException extends RuntimeException {
    public ChannelConfigException(String message) { super(message); }
}
