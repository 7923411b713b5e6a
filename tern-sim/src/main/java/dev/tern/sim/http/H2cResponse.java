package dev.tern.sim.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@link HttpResponse} on Jetty's server (HTTP/1.1 or h2c): the head becomes the response's status and headers, the
 * body is written through blocking writes (DATA frames on HTTP/2), and a reset fails the exchange, which resets the
 * stream. Written by its request's own virtual thread.
 */
final class H2cResponse extends ResponseState {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    static final int RESET_AFTER_MS = 50;

    private final Response response;
    private boolean ended;

    H2cResponse(Response response) { this.response = response; }





    @Override
    public boolean keepAlive() { return !wasReset(); }

    @Override
    public void send(int status, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        head(status, headers, contentType, body.length);
        write(true, ByteBuffer.wrap(body));
    }

    @Override
    public void head(int status, Map<String, String> headers, String contentType, long contentLength) throws IOException {
        starting(status);
        response.setStatus(status);
        if (contentType != null) response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        if (contentLength >= 0) response.getHeaders().put(HttpHeader.CONTENT_LENGTH, contentLength);
        headers.forEach((k, v) -> response.getHeaders().add(k, v));
    }

    @Override
    public void raw(byte[] b, int off, int len) throws IOException { write(false, ByteBuffer.wrap(b, off, len)); }

    @Override
    public void chunk(byte[] data) throws IOException {
        if (data.length > 0) write(false, ByteBuffer.wrap(data));
    }

    @Override
    public void endChunked() throws IOException { write(true, EMPTY); }

    /** Sends the head if nothing was written since (so a client sees the headers of a stream that stays silent). */
    @Override
    public void flush() throws IOException {
        if (!ended) write(false, EMPTY);
    }

    /**
     * The exchange ends with a stream reset once the handler returns. On HTTP/2 the reset follows the last DATA frame by
     * {@value #RESET_AFTER_MS} ms: a client (Jetty's) drops DATA it has received but not yet handed to its reader when a
     * reset overtakes it, so without the pause "text sent before the reset" would reach the caller only sometimes. A
     * TCP reset on HTTP/1.1 has the same race, but there the kernel hands over what arrived first.
     */
    @Override
    public void reset() {
        resetting();
        try {
            Thread.sleep(RESET_AFTER_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the body if the handler did not (a response with no body at all is an empty 200). */
    void finish() throws IOException {
        if (!committed()) head(200, Map.of(), null, 0);
        if (!ended) write(true, EMPTY);
    }

    private void write(boolean last, ByteBuffer bytes) throws IOException {
        if (ended) throw new IllegalStateException("response already ended");
        if (last) ended = true;
        Callback.Completable done = new Callback.Completable();
        response.write(last, bytes, done);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
        }
    }
}
