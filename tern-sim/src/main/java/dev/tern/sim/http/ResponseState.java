package dev.tern.sim.http;

import java.util.function.IntConsumer;

/** What every {@link HttpResponse} tracks: the status once the head is written, whether it was reset, the head listener. */
abstract class ResponseState implements HttpResponse {

    private IntConsumer onHead = status -> { };
    private int status;
    private boolean reset;

    @Override
    public final void onHead(IntConsumer listener) { this.onHead = listener; }

    @Override
    public final int status() { return status; }

    @Override
    public final boolean committed() { return status != 0; }

    @Override
    public final boolean wasReset() { return reset; }

    /** The head is about to be written with {@code status}: recorded, and the listener told first. */
    protected final void starting(int status) {
        if (committed()) throw new IllegalStateException("response already started");
        this.status = status;
        onHead.accept(status);
    }

    protected final void resetting() { reset = true; }
}
