package dev.tern.channels;

import java.time.Duration;
import java.util.function.Consumer;

/** Keeps a channel's "typing…" sign on while a turn runs (Telegram's lasts 5 s, so it is renewed). */
final class Typing {

    private static final Typing NONE = new Typing(null, null, null, null, null);

    private final Channel channel;
    private final String chatId;
    private final String threadId;
    private final Duration every;
    private final Consumer<String> errors;
    private final Object lock = new Object();
    private volatile boolean stopped;
    private long lastNanos;

    private Typing(Channel channel, String chatId, String threadId, Duration every, Consumer<String> errors) {
        this.channel = channel;
        this.chatId = chatId;
        this.threadId = threadId;
        this.every = every;
        this.errors = errors;
    }

    static Typing start(Channel channel, String chatId, String threadId, Consumer<String> errors) {
        Duration every = channel.typingEvery();
        if (every == null) return NONE;
        Typing t = new Typing(channel, chatId, threadId, every, errors);
        t.now();
        Thread.ofVirtual().name("typing-" + channel.name()).start(t::renew);
        return t;
    }

    /** Shows typing now unless it was shown less than the renewal period ago. */
    void now() {
        if (channel == null || stopped) return;
        synchronized (lock) {
            long now = System.nanoTime();
            if (lastNanos != 0 && now - lastNanos < every.toNanos()) return;
            lastNanos = now;
        }
        try {
            channel.typing(chatId, threadId);
        } catch (SendException e) {
            if (!e.isTransient()) errors.accept("typing indicator failed: " + e.getMessage());
        } catch (RuntimeException e) {
            errors.accept("typing indicator failed: " + e);
        }
    }

    private void renew() {
        while (!stopped) {
            synchronized (lock) {
                try {
                    lock.wait(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!stopped) now();
        }
    }

    void stop() {
        if (channel == null) return;
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
