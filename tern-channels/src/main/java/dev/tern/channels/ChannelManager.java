package dev.tern.channels;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Runs the chat channels: starts each (one failing to start does not stop the others), feeds what
 * they receive through its {@link ChannelPipe} to the {@link TurnHandler}, and delivers messages for
 * cron jobs and the heartbeat ({@link Delivery}). {@code tern serve} builds one, adds the channels the
 * config enables ({@link Channels#fromConfig}), calls {@link #start()} and, on shutdown, {@link #close()}.
 */
public final class ChannelManager implements Delivery, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChannelManager.class.getName());

    private final TurnHandler turns;
    private final Path stateDir;
    private final ManagerSettings settings;
    private final List<ChannelListener> listeners;
    private final Map<String, ChannelPipe> pipes = new LinkedHashMap<>();
    private final Map<String, String> startFailures = new LinkedHashMap<>();
    private boolean started;
    private boolean closed;

    private ChannelManager(Builder b) {
        this.turns = Objects.requireNonNull(b.turns, "turns");
        this.stateDir = b.stateDir;
        this.settings = new ManagerSettings(b.queueCapacity, b.maxConcurrentTurns, b.seenCapacity, b.retry,
                b.sendProgress, b.sendToolHints, b.drainTimeout);
        this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    }

    public static Builder builder(TurnHandler turns) { return new Builder(turns); }

    /** Adds a channel (before {@link #start()}). */
    public synchronized ChannelManager add(Channel channel) {
        if (started) throw new IllegalStateException("add channels before start()");
        if (pipes.containsKey(channel.name())) throw new IllegalArgumentException("two channels named " + channel.name());
        Path seenFile = stateDir == null ? null : stateDir.resolve(channel.name() + ".seen");
        pipes.put(channel.name(), new ChannelPipe(channel, turns, new SeenIds(seenFile, settings.seenCapacity()), settings,
                this::emit));
        return this;
    }

    /**
     * Starts every channel. A channel that cannot start is reported ({@link ChannelEvent.StartFailed},
     * {@link #startFailures()}) and left out; the others run.
     */
    public synchronized void start() {
        if (started) return;
        started = true;
        for (ChannelPipe pipe : pipes.values()) {
            Channel c = pipe.channel();
            if (c.allowList().allowsNobody()) {
                LOG.warning("channels." + c.name() + ".allowFrom is empty: every message will be dropped"
                        + " (list sender ids, or \"*\" for everyone)");
            }
            try {
                c.start(pipe);
                emit(new ChannelEvent.Started(c.name()));
            } catch (ChannelException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                LOG.severe("channel " + c.name() + " did not start: " + reason);
                startFailures.put(c.name(), reason);
                emit(new ChannelEvent.StartFailed(c.name(), reason));
                c.close();
            }
        }
    }

    /** Channels that started. */
    public synchronized List<String> running() {
        List<String> out = new ArrayList<>();
        for (String name : pipes.keySet()) if (started && !startFailures.containsKey(name)) out.add(name);
        return out;
    }

    /** Channel name → why it did not start. */
    public synchronized Map<String, String> startFailures() { return Collections.unmodifiableMap(new LinkedHashMap<>(startFailures)); }

    public void addListener(ChannelListener l) { listeners.add(l); }

    @Override
    public void deliver(String channel, String chatId, String text) throws SendException, InterruptedException {
        ChannelPipe pipe;
        synchronized (this) {
            pipe = pipes.get(channel);
            if (pipe == null || closed || !started || startFailures.containsKey(channel)) {
                throw SendException.permanent("channel '" + channel + "' is not running"
                        + (pipes.containsKey(channel) ? "" : " (known: " + String.join(", ", pipes.keySet()) + ")"), null);
            }
        }
        if (!pipe.send(chatId, text, null, null, Map.of())) {
            throw SendException.permanent("could not deliver to " + channel + ":" + chatId + " (see the send-failed event)", null);
        }
    }

    /** Messages queued or in a turn on a channel (for status pages and tests). */
    public synchronized int inFlight(String channel) {
        ChannelPipe p = pipes.get(channel);
        return p == null ? 0 : p.inFlight();
    }

    /** Stops receiving on every channel, lets running turns finish (up to the drain timeout), then stops. */
    @Override
    public void close() {
        List<ChannelPipe> all;
        synchronized (this) {
            if (closed) return;
            closed = true;
            all = new ArrayList<>(pipes.values());
        }
        for (ChannelPipe p : all) {
            p.close(settings.drainTimeout());
            emit(new ChannelEvent.Stopped(p.channel().name()));
        }
    }

    private void emit(ChannelEvent e) {
        for (ChannelListener l : listeners) {
            try {
                l.onEvent(e);
            } catch (RuntimeException ex) {
                LOG.warning("channel listener failed: " + ex);
            }
        }
    }

    /** Builds a manager; every setting has a sensible default. */
    public static final class Builder {
        private final TurnHandler turns;
        private Path stateDir;
        private int queueCapacity = 64;
        private int maxConcurrentTurns = 4;
        private int seenCapacity = 10_000;
        private SendRetry retry = SendRetry.DEFAULT;
        private boolean sendProgress = true;
        private boolean sendToolHints;
        private Duration drainTimeout = Duration.ofSeconds(30);
        private final List<ChannelListener> listeners = new ArrayList<>();

        private Builder(TurnHandler turns) { this.turns = turns; }

        /** Where de-duplication state is kept ({@code <workspace>/.tern/channels}); null = memory only. */
        public Builder stateDir(Path dir) { this.stateDir = dir; return this; }

        public Builder queueCapacity(int n) { this.queueCapacity = positive(n); return this; }

        public Builder maxConcurrentTurns(int n) { this.maxConcurrentTurns = positive(n); return this; }

        public Builder seenCapacity(int n) { this.seenCapacity = positive(n); return this; }

        public Builder retry(SendRetry r) { this.retry = Objects.requireNonNull(r); return this; }

        public Builder sendProgress(boolean b) { this.sendProgress = b; return this; }

        public Builder sendToolHints(boolean b) { this.sendToolHints = b; return this; }

        public Builder drainTimeout(Duration d) { this.drainTimeout = Objects.requireNonNull(d); return this; }

        public Builder listener(ChannelListener l) { listeners.add(Objects.requireNonNull(l)); return this; }

        public ChannelManager build() { return new ChannelManager(this); }

        private static int positive(int n) {
            if (n < 1) throw new IllegalArgumentException("must be >= 1: " + n);
            return n;
        }
    }
}
