package dev.tern.channels;

/** Receives channel events; called on the thread that produced them: be quick, do not throw. */
@FunctionalInterface
public interface ChannelListener {
    void onEvent(ChannelEvent event);
}
