package dev.tern.http;

import java.io.InterruptedIOException;

/** The exchange was ended by its {@link Abort}. */
public final class AbortedException extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    public AbortedException(String what) {
        super("aborted " + what);
    }
}
