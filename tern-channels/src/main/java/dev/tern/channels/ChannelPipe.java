package dev.tern.channels;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything between one channel and the turn handler: de-duplication, the allow list, a bounded
 * intake (back-pressure on this channel's receiver only), one lane per chat (turns of a chat run one
 * at a time, in order; chats run concurrently up to a limit), typing while a turn runs, and the reply
 * split to the channel's limit and sent with retries.
 */
final class ChannelPipe implements InboundSink {

    private static final Logger LOG = Logger.getLogger(ChannelPipe.class.getName());

    private final Channel channel;
    private final TurnHandler turns;
    private final SeenIds seen;
    private final ManagerSettings settings;
    private final ChannelListener events;
    private final Semaphore capacity;
    private final Semaphore turnSlots;
    private final Map<String, ArrayDeque<InboundMessage>> lanes = new HashMap<>();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ChannelPipe(Channel channel, TurnHandler turns, SeenIds seen, ManagerSettings settings, ChannelListener events) {
        this.channel = channel;
        this.turns = turns;
        this.seen = seen;
        this.settings = settings;
        this.events = events;
        this.capacity = new Semaphore(settings.queueCapacity());
        this.turnSlots = new Semaphore(settings.maxConcurrentTurns());
    }

    Channel channel() { return channel; }

    @Override
    public Intake accept(InboundMessage m) throws InterruptedException {
        if (closed) return Intake.CLOSED;
        if (!seen.claim(m.dedupeKey())) {
            events.onEvent(new ChannelEvent.Duplicate(channel.name(), m.dedupeKey()));
            return Intake.DUPLICATE;
        }
        if (!channel.allowList().allows(m.senderId())) {
            commit(m);  // refused once is refused: a redelivery is not logged again
            LOG.warning(channel.name() + ": message from " + m.senderId() + " (chat " + m.chatId()
                    + ") dropped: sender not in allowFrom");
            events.onEvent(new ChannelEvent.Denied(channel.name(), m.chatId(), m.senderId()));
            return Intake.DENIED;
        }
        try {
            capacity.acquire();  // back-pressure: this channel's receiver waits, nobody else does
        } catch (InterruptedException e) {
            seen.release(m.dedupeKey());
            throw e;
        }
        synchronized (lanes) {
            if (closed) {
                capacity.release();
                seen.release(m.dedupeKey());  // not taken: its redelivery after a restart must be
                return Intake.CLOSED;
            }
            commit(m);
            events.onEvent(new ChannelEvent.Received(channel.name(), m.chatId(), m.senderId(), m.messageId()));
            ArrayDeque<InboundMessage> lane = lanes.get(m.chatId());
            if (lane != null) {
                lane.add(m);  // a worker is draining this chat: it takes this one after the current turn
            } else {
                lane = new ArrayDeque<>();
                lane.add(m);
                lanes.put(m.chatId(), lane);
                String chat = m.chatId();
                Thread t = Thread.ofVirtual().name("channel-" + channel.name() + "-" + chat).unstarted(() -> drain(chat));
                workers.add(t);
                t.start();
            }
        }
        return Intake.QUEUED;
    }

    private void commit(InboundMessage m) {
        try {
            seen.commit(m.dedupeKey());
        } catch (UncheckedIOException e) {
            error(channel.name() + ": " + e.getMessage());  // remembered in memory; answering beats dropping
        }
    }

    private void drain(String chat) {
        try {
            while (true) {
                InboundMessage m;
                synchronized (lanes) {
                    ArrayDeque<InboundMessage> lane = lanes.get(chat);
                    m = lane.poll();
                    if (m == null) {
                        lanes.remove(chat);
                        return;
                    }
                }
                try {
                    turnSlots.acquire();
                    try {
                        process(m);
                    } catch (RuntimeException e) {  // a bug in a channel must not leave this chat without a worker
                        error(channel.name() + ": message " + m.messageId() + " in chat " + m.chatId() + " failed: " + e);
                    } finally {
                        turnSlots.release();
                    }
                } finally {
                    capacity.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.remove(Thread.currentThread());
            synchronized (lanes) {
                lanes.notifyAll();
            }
        }
    }

    private void process(InboundMessage m) throws InterruptedException {
        TurnRequest request = TurnRequest.of(m);
        Typing typing = Typing.start(channel, m.chatId(), m.threadId(), msg -> error(channel.name() + ": " + msg));
        Reply reply;
        try {
            reply = turns.turn(request, progress(m, typing));
        } catch (RuntimeException e) {
            reply = Reply.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            typing.stop();
        }
        if (reply == null) reply = Reply.failure("the turn handler returned nothing");
        String text = reply.text();
        if (reply.failed()) {
            LOG.warning(channel.name() + ": turn for chat " + m.chatId() + " failed: " + reply.error());
            events.onEvent(new ChannelEvent.TurnFailed(channel.name(), m.chatId(), reply.error()));
            if (!reply.hasText()) text = "Sorry, I could not answer that: " + reply.error();
        }
        if (!text.isBlank()) send(m.chatId(), text, m.messageId(), m.threadId(), m.metadata());
    }

    private TurnProgress progress(InboundMessage m, Typing typing) {
        return new TurnProgress() {
            @Override public void typing() { typing.now(); }

            @Override public void progress(String text) {
                if (settings.sendProgress() && channel.sendsProgress() && text != null && !text.isBlank()) sendQuietly(m, text);
            }

            @Override public void toolHint(String hint) {
                if (settings.sendToolHints() && channel.sendsProgress() && hint != null && !hint.isBlank()) sendQuietly(m, hint);
            }
        };
    }

    private void sendQuietly(InboundMessage m, String text) {
        try {
            send(m.chatId(), text, null, m.threadId(), m.metadata());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code text} split to the channel's limit, each part retried; a part that cannot be sent is
     * a {@link ChannelEvent.SendFailed} and the rest of the answer is not sent (it would make no sense alone).
     *
     * @return true when every part was sent
     */
    boolean send(String chatId, String text, String replyToId, String threadId, Map<String, String> metadata)
            throws InterruptedException {
        List<String> parts = MessageSplitter.split(text, channel.maxMessageChars());
        for (int i = 0; i < parts.size(); i++) {
            OutboundMessage out = new OutboundMessage(chatId, parts.get(i), i == 0 ? replyToId : null, threadId, metadata,
                    i + 1, parts.size());
            try {
                settings.retry().run(() -> channel.send(out), (attempt, delay, cause) -> events.onEvent(
                        new ChannelEvent.SendRetrying(channel.name(), chatId, attempt, delay, cause.getMessage())));
            } catch (SendException | RuntimeException e) {
                String reason = (e instanceof SendException se && se.isTransient()
                        ? "gave up after " + settings.retry().maxAttempts() + " attempts: " : "") + e.getMessage();
                LOG.log(Level.SEVERE, channel.name() + ": could not send to " + chatId + ": " + reason);
                events.onEvent(new ChannelEvent.SendFailed(channel.name(), chatId, reason));
                return false;
            }
        }
        if (!parts.isEmpty()) events.onEvent(new ChannelEvent.Replied(channel.name(), chatId, parts.size()));
        return true;
    }

    @Override
    public void error(String message) {
        LOG.severe(message.startsWith(channel.name() + ":") ? message : channel.name() + ": " + message);
        events.onEvent(new ChannelEvent.Error(channel.name(), message));
    }

    /** Stops intake, then lets running turns finish for up to {@code drain}, then interrupts them. */
    void close(Duration drain) {
        closed = true;
        channel.close();
        long deadline = System.nanoTime() + drain.toNanos();
        synchronized (lanes) {
            while (!workers.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    lanes.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        workers.forEach(Thread::interrupt);
    }

    /** Turns queued or running (for tests and status). */
    int inFlight() { return settings.queueCapacity() - capacity.availablePermits(); }
}
