package dev.tern.serve.openai;

import dev.tern.cancel.Cancellation;
import dev.tern.json.Json;
import dev.tern.model.ToolCall;
import dev.tern.model.Usage;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.node.ObjectNode;

/**
 * A streamed chat completion as the official SDKs parse it: {@code data: <chat.completion.chunk>} events
 * (role first, then content deltas, then the client's tool calls as {@code tool_calls} deltas, then the
 * finish reason; with {@code stream_options.include_usage} every chunk carries {@code "usage": null} and a
 * last chunk with empty {@code choices} carries the usage), then {@code data: [DONE]}. Tern's progress
 * (each tool call with its elapsed time, retries) travels as SSE comment lines {@code : tern {...}} that
 * SDKs ignore and the web UI draws. A client that goes away cancels the turn.
 *
 * <p>Chunks are built from precomputed bytes (one escape of the text per delta) and queued; the request's
 * own thread {@link #pump()}s them to the socket while the turn runs on another, so a slow client never holds
 * the model call (and its provider permit) open; after the first bytes, deltas gather for at most 20 ms and
 * leave in one write (fewer syscalls and chunks; the first text and the end are never delayed). Each write is
 * a loopback or network send plus the client's read: 20 tokens at 1 ms each had taken 6 writes with 5 ms; 20 ms
 * is still faster than a screen refreshes text a reader follows.
 */
public final class ChunkStream implements AgentListener {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_OPEN = "{\"content\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final JsonStringEncoder ESCAPE = JsonStringEncoder.getInstance();
    /** How long written deltas may gather before the next write (the first bytes and the end never wait). */
    static final long LINGER_NANOS = 20_000_000;
    static final int BATCH_BYTES = 8192;

    private final java.util.function.Supplier<OutputStream> body;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition ready = lock.newCondition();
    private java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream(512);
    private boolean ended;
    private boolean begun;
    private final Cancellation turn;
    private final KeepAlive keepAlive;
    private final long keepAliveNanos;
    private final Object writerLock = new Object();
    private Thread writer;
    private volatile long lastActivity = System.nanoTime();
    private boolean nudged;
    private final byte[] head;
    private final byte[] open;
    private final String idField;
    private final boolean includeUsage;
    private String topRun;
    private boolean textSent;
    private boolean separate;
    private volatile boolean gone;

    /**
     * @param body      the response body, asked for when the first bytes are sent (until then an error can still be a plain response)
     * @param turn      cancelled when the client goes away
     * @param keepAlive the longest silence: then the stream starts (role chunk) or, once started, a {@code : keep-alive}
     *                  comment is written, which keeps proxies from closing the stream and finds a client that went
     *                  away (its turn is cancelled)
     */
    public ChunkStream(java.util.function.Supplier<OutputStream> body, Cancellation turn, KeepAlive keepAlive,
                       String id, long created, String model, boolean includeUsage) {
        this.body = body;
        this.turn = turn;
        this.keepAlive = keepAlive;
        this.keepAliveNanos = keepAlive.interval().toNanos();
        keepAlive.add(this);
        this.includeUsage = includeUsage;
        this.idField = "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                + ",\"model\":\"" + new String(ESCAPE.quoteAsUTF8(model), StandardCharsets.UTF_8) + "\"";
        this.head = ("data: " + idField + ",\"choices\":[{\"index\":0,\"delta\":").getBytes(StandardCharsets.UTF_8);
        this.open = (",\"logprobs\":null,\"finish_reason\":null}]" + (includeUsage ? ",\"usage\":null" : "") + "}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** True once the client went away. */
    public boolean gone() { return gone; }

    /** True once anything was queued: the answer is a stream from then on (its errors are error events). */
    public synchronized boolean begun() { return begun; }

    /** The first chunk: the assistant's role (once). */
    public synchronized void begin() {
        if (begun) return;
        begun = true;
        enqueue(head, "{\"role\":\"assistant\",\"content\":\"\"}".getBytes(StandardCharsets.US_ASCII), open);
    }

    /** Nothing more will be queued. */
    public void end() {
        lock.lock();
        try {
            ended = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        synchronized (writerLock) {
            if (writer == null) keepAlive.remove(this); // nothing was ever written: no writer to stop
        }
    }

    /** Waits until the writer sent everything (or found the client gone); at once when nothing was ever queued. */
    public void awaitWritten() throws InterruptedException {
        Thread w;
        synchronized (writerLock) { w = writer; }
        if (w != null) w.join();
    }

    /** The writer: one virtual thread, started by the first bytes to send (or the first silence to break). */
    private void startWriter() {
        synchronized (writerLock) {
            if (writer != null) return;
            writer = Thread.ofVirtual().name("tern-sse").start(() -> {
                try {
                    pump();
                } catch (InterruptedException e) {
                    turn.cancel("the server is shutting down");
                } finally {
                    keepAlive.remove(this);
                }
            });
        }
    }

    /** From {@link KeepAlive}: after {@code keepAlive} of silence, nudges the writer (starting it if need be). */
    void tick(long now) {
        if (now - lastActivity < keepAliveNanos || gone) return;
        lock.lock();
        try {
            if (ended || pending.size() > 0) return;
            nudged = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        startWriter();
    }

    /**
     * Writes what is queued until {@link #end()}, each batch in one write and flush; the body (status and
     * headers) is asked for only when there is something to send; a silence of {@code keepAlive} starts the
     * stream or is broken by a {@code : keep-alive} comment. Returns when everything is sent or the client
     * went away (then the turn is cancelled: a write to a closed connection fails). Runs on the writer thread.
     */
    private void pump() throws InterruptedException {
        OutputStream out = null;
        boolean done = false;
        boolean wrote = false;
        // two buffers taking turns: the handlers fill one while this thread writes the other, none copied or dropped
        java.io.ByteArrayOutputStream spare = new java.io.ByteArrayOutputStream(512);
        while (!done) {
            java.io.ByteArrayOutputStream batch = null;
            boolean keepAliveNow = false;
            lock.lock();
            try {
                while (pending.size() == 0 && !ended && !nudged) ready.await();
                boolean silent = nudged && pending.size() == 0 && !ended && !gone;
                nudged = false;
                if (silent && !wrote) {
                    // nothing to say yet after keepAlive: start the stream (headers and the role chunk; begin() takes
                    // this object's monitor, so outside this lock), then keep it alive as usual
                    lock.unlock();
                    try {
                        begin();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                if (wrote && !ended && !silent) {
                    // after the first bytes, let deltas gather for a moment: one write (and one chunk) for several
                    long deadline = System.nanoTime() + LINGER_NANOS;
                    for (long left; !ended && pending.size() < BATCH_BYTES && (left = deadline - System.nanoTime()) > 0; ) {
                        ready.awaitNanos(left);
                    }
                }
                if (silent) {
                    keepAliveNow = true;
                } else if (pending.size() > 0) {
                    batch = pending;
                    pending = spare;
                    spare = null;
                }
                done = ended; // everything queued before the end is in this batch
            } finally {
                lock.unlock();
            }
            wrote |= batch != null || keepAliveNow;
            if ((batch != null || keepAliveNow) && !gone) {
                try {
                    if (out == null) out = body.get();
                    if (batch != null) batch.writeTo(out);
                    else out.write(KEEP_ALIVE);
                    out.flush();
                    lastActivity = System.nanoTime();
                } catch (IOException | RuntimeException e) {
                    gone = true;
                    turn.cancel("the client went away");
                }
            }
            if (batch != null) {
                batch.reset();
                spare = batch;
            }
        }
        if (out != null && !gone) {
            try {
                out.close();
            } catch (IOException | RuntimeException e) {
                gone = true;
            }
        }
    }

    @Override
    public void onEvent(AgentEvent e) {
        switch (e) {
            case AgentEvent.RunStarted s -> {
                // the role chunk waits for the first output (as OpenAI's does) or for keepAlive of silence: a turn
                // still queued for its model call costs no write, and a failure before any output is a plain error
                synchronized (this) { if (topRun == null) topRun = s.runId(); }
            }
            case AgentEvent.ModelRequested m -> {
                synchronized (this) { if (m.runId().equals(topRun) && m.iteration() > 1 && textSent) separate = true; }
            }
            case AgentEvent.TextDelta d -> text(d);
            case AgentEvent.RunFinished f -> { }
            case AgentEvent.ToolStarted t -> note(Progress.toolStarted(t));
            case AgentEvent.ToolFinished t -> note(Progress.toolFinished(t));
            case AgentEvent.ToolProgress p -> note(Progress.toolProgress(p));
            case AgentEvent.ModelRetrying r -> note(Progress.retrying(r));
            default -> { }
        }
    }

    private synchronized void text(AgentEvent.TextDelta d) {
        if (!d.runId().equals(topRun) || d.text().isEmpty()) return;
        String t = separate ? "\n\n" + d.text() : d.text();
        separate = false;
        textSent = true;
        write(head, CONTENT_OPEN, ESCAPE.quoteAsUTF8(t), CONTENT_CLOSE, open);
    }

    /** A Tern progress note as an SSE comment (ignored by SDKs). */
    public void note(ObjectNode n) { note(Json.write(n)); }

    /** A Tern progress note, already JSON text, as an SSE comment. */
    public synchronized void note(String json) {
        write((": tern " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The end of the answer: the client's tool calls, the finish reason, the usage chunk when asked, {@code [DONE]}.
     *
     * @param finishReason {@code stop}, {@code tool_calls} or {@code length}
     */
    public synchronized void finish(String finishReason, List<ToolCall> clientCalls, Usage usage) {
        for (int i = 0; i < clientCalls.size(); i++) {
            ToolCall c = clientCalls.get(i);
            ObjectNode delta = Json.object();
            Completions.toolCall(delta.putArray("tool_calls").addObject().put("index", i), c);
            write(head, Json.write(delta).getBytes(StandardCharsets.UTF_8), open);
        }
        write(head, ("{},\"logprobs\":null,\"finish_reason\":\"" + finishReason + "\"}]" + (includeUsage ? ",\"usage\":null" : "") + "}\n\n")
                .getBytes(StandardCharsets.US_ASCII));
        if (includeUsage) {
            write(("data: " + idField + ",\"choices\":[],\"usage\":" + Json.write(Completions.usage(usage)) + "}\n\n").getBytes(StandardCharsets.UTF_8));
        }
        write(DONE);
    }

    /** A failure after the stream started: an error event as OpenAI sends it (SDKs raise it), no {@code [DONE]}. */
    public synchronized void fail(ApiError e) {
        if (!begun) begin();
        write(("data: " + e.json() + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[]... parts) {
        if (!begun) begin();
        enqueue(parts);
    }

    private void enqueue(byte[]... parts) {
        if (gone) return;
        lock.lock();
        try {
            boolean wasEmpty = pending.size() == 0;
            for (byte[] p : parts) pending.writeBytes(p);
            // wake the writer when it waits for anything, or when a lingering batch is full
            if (wasEmpty || pending.size() >= BATCH_BYTES) ready.signalAll();
        } finally {
            lock.unlock();
        }
        startWriter();
    }
}
