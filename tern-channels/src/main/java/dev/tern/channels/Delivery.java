package dev.tern.channels;

/** Sends a message that answers nobody (a cron job's result, a heartbeat's report) to a chat. */
@FunctionalInterface
public interface Delivery {

    /**
     * Sends {@code text} to {@code chatId} on {@code channel}, split and retried like any answer.
     *
     * @throws SendException when it could not be delivered (unknown or stopped channel, permanent failure)
     */
    void deliver(String channel, String chatId, String text) throws SendException, InterruptedException;
}
