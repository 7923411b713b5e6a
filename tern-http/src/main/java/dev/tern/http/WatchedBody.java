package dev.tern.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A response body of a transport whose reads are bounded by an {@link Exchange}: each read is one watched phase,
 * ended by the exchange's abort or by {@code idle} passing without data.
 */
abstract class WatchedBody extends InputStream {

    protected final Exchange x;
    protected final Duration idle;

    WatchedBody(Exchange x, Duration idle) {
        this.x = x;
        this.idle = idle;
    }

    /** One read of the underlying stream, inside {@link Exchange#enter}/{@link Exchange#leave}. */
    protected abstract int watchedRead(byte[] b, int off, int len) throws IOException;

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        x.readingBody();
        if (x.aborted()) throw new AbortedException("while reading the body");
        if (x.timedOut()) throw new TransportTimeoutException.Idle(x.limit(), null);
        return watchedRead(b, off, len);
    }
}
