package dev.tern.workspace.session;

import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.model.Message;
import dev.tern.model.UserMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation, backed by an append-only JSONL log ({@code sessions/<file>.jsonl}) and a small
 * metadata side file. {@link #append} writes exactly one line; nothing is ever rewritten. Obtain
 * sessions from {@link SessionStore#open}; one instance per key per store. Thread-safe.
 */
public final class Session implements AutoCloseable {

    private final String key;
    private final Path metaFile;
    private final SessionLog log;
    private final Clock clock;
    private final Runnable onReopen;
    private final List<SessionEntry> entries;
    private final List<String> loadWarnings;
    private SessionMeta meta;
    private volatile long lastUsed = System.nanoTime();

    Session(String key, Path logFile, Path metaFile, FsyncPolicy policy, Clock clock, Runnable onReopen) {
        this.key = key;
        this.onReopen = onReopen;
        this.metaFile = metaFile;
        this.clock = clock;
        SessionReader.Loaded loaded = SessionReader.read(logFile, key);
        this.entries = new ArrayList<>(loaded.entries());
        this.loadWarnings = List.copyOf(loaded.warnings());
        boolean existed = java.nio.file.Files.exists(logFile);
        this.log = new SessionLog(logFile, policy);
        Instant now = clock.instant();
        SessionMeta m = SessionMeta.read(metaFile);
        if (m == null) m = loaded.nanobotMeta();
        if (m == null) {
            Instant first = entries.isEmpty() ? now : entries.get(0).timestamp();
            m = new SessionMeta(key, first, now, 0, 0, null);
        }
        Instant last = entries.isEmpty() ? m.updated() : entries.get(entries.size() - 1).timestamp();
        int lc = Math.min(Math.max(0, m.lastConsolidated()), entries.size());
        this.meta = new SessionMeta(key, m.created(), last.isAfter(m.updated()) ? last : m.updated(), entries.size(), lc, m.title());
        if (!existed || !java.nio.file.Files.exists(metaFile)) meta.write(metaFile);
    }

    public String key() { return key; }

    public Path file() { return log.file(); }

    /** Appends one message as one line; returns once the line is written (see {@link FsyncPolicy}). */
    public void append(Message message) {
        Instant at = clock.instant();
        byte[] line = SessionCodec.encode(message, at);
        lastUsed = System.nanoTime();
        boolean reopened;
        synchronized (this) {
            reopened = log.append(line);
            entries.add(new SessionEntry(message, at));
            meta = meta.withUpdated(at, entries.size());
        }
        if (reopened) onReopen.run();  // outside our lock: the store may release other sessions' files
    }

    public void appendAll(List<? extends Message> messages) { messages.forEach(this::append); }

    /** Every message, in order (a copy). */
    public synchronized List<Message> messages() {
        List<Message> out = new ArrayList<>(entries.size());
        for (SessionEntry e : entries) out.add(e.message());
        return out;
    }

    /** Entries [from, to) with their timestamps (a copy). */
    public synchronized List<SessionEntry> entries(int from, int to) { return List.copyOf(entries.subList(from, to)); }

    public synchronized int size() { return entries.size(); }

    /**
     * The history to send with the next turn: the unconsolidated messages, at most {@code maxMessages}
     * of the most recent, starting at a user turn so that no tool result is orphaned.
     */
    public synchronized List<Message> history(int maxMessages) {
        int from = Math.max(meta.lastConsolidated(), entries.size() - Math.max(0, maxMessages));
        int start = from;
        while (start < entries.size() && !(entries.get(start).message() instanceof UserMessage)) start++;
        if (start == entries.size()) {  // no user turn: keep what there is, minus orphaned tool results
            start = from;
            while (start < entries.size() && entries.get(start).message() instanceof dev.tern.model.ToolResultMessage) start++;
        }
        List<Message> out = new ArrayList<>(entries.size() - start);
        for (int i = start; i < entries.size(); i++) out.add(entries.get(i).message());
        return out;
    }

    public synchronized SessionMeta meta() { return meta; }

    public synchronized int lastConsolidated() { return meta.lastConsolidated(); }

    /** Records that messages [0, index) are consolidated into memory; persisted atomically in the side file. */
    public synchronized void markConsolidated(int index) {
        if (index < meta.lastConsolidated() || index > entries.size()) {
            throw new IllegalArgumentException("consolidation cursor " + index + " outside [" + meta.lastConsolidated()
                    + ", " + entries.size() + "]");
        }
        meta = meta.withLastConsolidated(index);
        meta.write(metaFile);
    }

    public synchronized String title() { return meta.title(); }

    public synchronized void setTitle(String title) {
        meta = meta.withTitle(title);
        meta.write(metaFile);
    }

    /** Lines skipped or repaired when the log was loaded. */
    public List<String> loadWarnings() { return loadWarnings; }

    /** Bytes this instance appended to the log. */
    public long bytesWritten() { return log.bytesWritten(); }

    /** Forces appended lines to disk now. */
    public void sync() { log.sync(); }

    /**
     * A listener for ONE run: it appends every {@code MessageAdded} of that run (the first run it sees
     * start) and ignores other runs reporting to the same listeners (sub-agents), so that nothing the
     * agent acknowledged is lost and nothing foreign is mixed in. Use a fresh recorder per run.
     */
    public AgentListener recorder() {
        return new AgentListener() {
            private String runId;

            @Override
            public void onEvent(AgentEvent e) {
                if (!(e instanceof AgentEvent.RunStarted) && !(e instanceof AgentEvent.MessageAdded)) return;
                synchronized (this) {
                    if (runId == null) runId = e.runId();
                    if (!runId.equals(e.runId())) return;
                }
                if (e instanceof AgentEvent.MessageAdded m) append(m.message());
            }
        };
    }

    long lastUsed() { return lastUsed; }

    /** Closes the file handle until the next append (the store bounds open descriptors with this). */
    void releaseHandle() { log.release(); }

    boolean holdsHandle() { return log.holdsHandle(); }

    void syncQuietly() {
        try {
            log.sync();
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(Session.class.getName()).warning(e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        log.close();
        meta.write(metaFile);
    }
}
