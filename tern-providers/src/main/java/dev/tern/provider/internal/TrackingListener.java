package dev.tern.provider.internal;

import dev.tern.model.StreamListener;

import java.time.Duration;

/**
 * Wraps the caller's listener for one logical call (all its attempts): remembers whether any
 * output reached the user (then a failure must be reported, not silently retried) and fires
 * {@code onFirstByte} only once.
 */
public final class TrackingListener implements StreamListener {

    private final StreamListener delegate;
    private boolean delivered;
    private boolean firstByte;

    public TrackingListener(StreamListener delegate) {
        this.delegate = delegate == null ? StreamListener.NONE : delegate;
    }

    /** True once text, thinking or a tool call was passed on. */
    public boolean delivered() { return delivered; }

    @Override
    public void onText(String delta) {
        if (delta.isEmpty()) return;
        delivered = true;
        delegate.onText(delta);
    }

    @Override
    public void onThinking(String delta) {
        if (delta.isEmpty()) return;
        delivered = true;
        delegate.onThinking(delta);
    }

    @Override
    public void onToolCallStart(int index, String id, String name) {
        delivered = true;
        delegate.onToolCallStart(index, id, name);
    }

    @Override
    public void onToolCallArguments(int index, String delta) {
        if (delta.isEmpty()) return;
        delivered = true;
        delegate.onToolCallArguments(index, delta);
    }

    @Override
    public void onFirstByte() {
        if (firstByte) return;
        firstByte = true;
        delegate.onFirstByte();
    }

    @Override
    public void onRetry(int attempt, Duration delay, String reason) {
        delegate.onRetry(attempt, delay, reason);
    }
}
