package dev.tern.channels.testutil;

import dev.tern.channels.AllowList;
import dev.tern.channels.Channel;
import dev.tern.channels.InboundMessage;
import dev.tern.channels.InboundSink;
import dev.tern.channels.OutboundMessage;
import dev.tern.channels.SendException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-process channel for testing the manager: the test "receives" messages with {@link #receive}
 * (on its own thread, as a real receiver would) and reads what was sent; sends can be slowed down or
 * made to fail.
 */
public class MemoryChannel implements Channel {

    private final String name;
    private final AllowList allow;
    private final int maxChars;
    public final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    public final List<String> typing = new CopyOnWriteArrayList<>();
    private final Deque<SendException> failures = new ArrayDeque<>();
    private volatile CountDownLatch sendGate;
    private volatile InboundSink sink;

    public MemoryChannel(String name, List<String> allowFrom, int maxChars) {
        this.name = name;
        this.allow = AllowList.of(allowFrom);
        this.maxChars = maxChars;
    }

    @Override public String name() { return name; }

    @Override public AllowList allowList() { return allow; }

    @Override public int maxMessageChars() { return maxChars; }

    @Override public Duration typingEvery() { return Duration.ofSeconds(4); }

    @Override public void start(InboundSink s) { this.sink = s; }

    /** Hands a message to the manager as the receiver would (may block under back-pressure). */
    public InboundSink.Intake receive(String chat, String sender, String text, String id) throws InterruptedException {
        return sink.accept(new InboundMessage(name, chat, sender, text, id, null, null, null, null));
    }

    /** Sends block until {@link #openSends()}. */
    public void holdSends() { sendGate = new CountDownLatch(1); }

    public void openSends() { sendGate.countDown(); }

    public synchronized void failNextSend(SendException e) { failures.add(e); }

    @Override
    public void send(OutboundMessage m) throws SendException {
        CountDownLatch gate = sendGate;
        if (gate != null) {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) throw SendException.permanent("gate never opened", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SendException.permanent("interrupted", e);
            }
        }
        synchronized (this) {
            SendException f = failures.poll();
            if (f != null) throw f;
        }
        sent.add(m);
    }

    @Override
    public void typing(String chatId, String threadId) { typing.add(chatId); }

    @Override
    public void close() { }
}
