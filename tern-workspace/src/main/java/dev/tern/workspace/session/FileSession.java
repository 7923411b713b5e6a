package dev.tern.workspace.session;

import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import dev.tern.run.RunContext;
import dev.tern.run.RunResult;
import dev.tern.store.Session;
import dev.tern.store.SessionEntry;
import dev.tern.store.SessionInfo;
import dev.tern.store.StoreException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One conversation, backed by an append-only JSONL log ({@code sessions/<file>.jsonl}) and a small
 * metadata side file. {@link #append} writes exactly one line; nothing is ever rewritten. As the
 * journal of its runs it also writes a {@code tool_started} line before an answer's tool calls run;
 * on load, tool calls left without results by a crash are answered with an "interrupted" result
 * (persisted when they end the log), so the conversation stays valid for both wire formats. Obtain
 * sessions from {@link FileSessionStore#open}; one instance per key per store. Thread-safe.
 */
public final class FileSession implements Session, AutoCloseable {

    private final String key;
    private final Path metaFile;
    private final SessionLog log;
    private final Clock clock;
    private final Runnable onReopen;
    private final List<SessionEntry> entries;
    private final List<String> loadWarnings;
    private SessionInfo meta;
    private volatile long lastUsed = System.nanoTime();

    FileSession(String key, Path logFile, Path metaFile, FsyncPolicy policy, Clock clock, Runnable onReopen) {
        this.key = key;
        this.onReopen = onReopen;
        this.metaFile = metaFile;
        this.clock = clock;
        SessionReader.Loaded loaded;
        try {
            loaded = SessionReader.read(logFile, key);
        } catch (UncheckedIOException e) {
            throw new StoreException(e.getMessage(), e);
        }
        this.entries = new ArrayList<>(loaded.entries());
        List<String> warnings = new ArrayList<>(loaded.warnings());
        boolean existed = Files.exists(logFile);
        this.log = new SessionLog(logFile, policy);
        Instant now = clock.instant();
        SessionInfo m = SessionMetaFile.read(metaFile);
        if (m == null) m = loaded.nanobotMeta();
        if (m == null) {
            Instant first = entries.isEmpty() ? now : entries.get(0).timestamp();
            m = new SessionInfo(key, first, now, 0, 0, null);
        }
        Instant last = entries.isEmpty() ? m.updated() : entries.get(entries.size() - 1).timestamp();
        int lc = Math.min(Math.max(0, m.lastConsolidated()), entries.size());
        this.meta = new SessionInfo(key, m.created(), last.isAfter(m.updated()) ? last : m.updated(), entries.size(), lc, m.title());
        DanglingCalls.repair(entries, loaded.started(), now, warnings, this::appendLine);
        this.meta = meta.withUpdated(meta.updated(), entries.size());
        this.loadWarnings = List.copyOf(warnings);
        if (!existed || !Files.exists(metaFile)) SessionMetaFile.write(meta, metaFile);
    }

    @Override
    public String key() { return key; }

    public Path file() { return log.file(); }

    @Override
    public String location() { return log.file().toString(); }

    @Override
    public void append(Message message) {
        Instant at = clock.instant();
        byte[] line = SessionCodec.encode(message, at);
        lastUsed = System.nanoTime();
        boolean reopened;
        synchronized (this) {
            reopened = appendLine(line);
            entries.add(new SessionEntry(message, at));
            meta = meta.withUpdated(at, entries.size());
        }
        if (reopened) onReopen.run();  // outside our lock: the store may release other sessions' files
    }

    /** Writes one line; @throws StoreException when it cannot. */
    private boolean appendLine(byte[] line) {
        try {
            return log.append(line);
        } catch (UncheckedIOException | IllegalStateException e) {
            String why = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage();
            throw new StoreException("cannot save session '" + key + "' (" + log.file() + "): " + why, e);
        }
    }

    public void appendAll(List<? extends Message> messages) { messages.forEach(this::append); }

    // --- RunJournal: every step is written before the loop goes on ---

    @Override
    public void append(RunContext run, Message message) {
        try {
            append(message);
        } catch (StoreException e) {
            throw new JournalException(e.getMessage(), e);
        }
    }

    @Override
    public void toolsStarted(RunContext run, List<ToolCall> calls) {
        Instant at = clock.instant();
        try {
            synchronized (this) {
                for (ToolCall c : calls) appendLine(SessionCodec.toolStarted(c.id(), c.name(), run.runId(), at));
            }
        } catch (StoreException e) {
            throw new JournalException(e.getMessage(), e);
        }
    }

    @Override
    public void finished(RunContext run, RunResult result) {
        synchronized (this) {
            appendLine(SessionCodec.runFinished(run.runId(), result.outcome().name().toLowerCase(), result.reason(), clock.instant()));
        }
    }

    // --- reading ---

    @Override
    public synchronized List<Message> messages() {
        List<Message> out = new ArrayList<>(entries.size());
        for (SessionEntry e : entries) out.add(e.message());
        return out;
    }

    @Override
    public synchronized List<SessionEntry> entries(int from, int to) { return List.copyOf(entries.subList(from, to)); }

    @Override
    public synchronized int size() { return entries.size(); }

    @Override
    public synchronized List<Message> history(int maxMessages) {
        int from = Math.max(meta.lastConsolidated(), entries.size() - Math.max(0, maxMessages));
        int start = from;
        while (start < entries.size() && !(entries.get(start).message() instanceof UserMessage)) start++;
        if (start == entries.size()) {  // no user turn: keep what there is, minus orphaned tool results
            start = from;
            while (start < entries.size() && entries.get(start).message() instanceof ToolResultMessage) start++;
        }
        List<Message> out = new ArrayList<>(entries.size() - start);
        for (int i = start; i < entries.size(); i++) out.add(entries.get(i).message());
        return out;
    }

    @Override
    public synchronized SessionInfo info() { return meta; }

    @Override
    public synchronized int lastConsolidated() { return meta.lastConsolidated(); }

    @Override
    public synchronized void markConsolidated(int index) {
        if (index < meta.lastConsolidated() || index > entries.size()) {
            throw new IllegalArgumentException("consolidation cursor " + index + " outside [" + meta.lastConsolidated()
                    + ", " + entries.size() + "]");
        }
        SessionInfo next = meta.withLastConsolidated(index);
        SessionMetaFile.write(next, metaFile);
        meta = next;
    }

    @Override
    public synchronized String title() { return meta.title(); }

    @Override
    public synchronized void setTitle(String title) {
        SessionInfo next = meta.withTitle(title);
        SessionMetaFile.write(next, metaFile);
        meta = next;
    }

    @Override
    public List<String> loadWarnings() { return loadWarnings; }

    /** Bytes this instance appended to the log. */
    public long bytesWritten() { return log.bytesWritten(); }

    /** Forces appended lines to disk now. */
    public void sync() { log.sync(); }

    long lastUsed() { return lastUsed; }

    /** Closes the file handle until the next append (the store bounds open descriptors with this). */
    void releaseHandle() { log.release(); }

    boolean holdsHandle() { return log.holdsHandle(); }

    void syncQuietly() {
        try {
            log.sync();
        } catch (RuntimeException e) {
            java.util.logging.Logger.getLogger(FileSession.class.getName()).warning(e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        log.close();
        SessionMetaFile.write(meta, metaFile);
    }

    /** Repairs tool calls a crash left without results. */
    static final class DanglingCalls {
        private DanglingCalls() { }

        interface LineWriter {
            boolean write(byte[] line);
        }

        /**
         * For each assistant message whose tool calls are not all answered before the next non-tool
         * message, inserts an error result per missing call. Results at the end of the log are also
         * appended to it (the usual crash: nothing came after), so the file itself becomes valid.
         */
        static void repair(List<SessionEntry> entries, java.util.Set<String> started, Instant now, List<String> warnings,
                           LineWriter writer) {
            for (int i = 0; i < entries.size(); i++) {
                if (!(entries.get(i).message() instanceof AssistantMessage a) || !a.hasToolCalls()) continue;
                java.util.Set<String> answered = new java.util.HashSet<>();
                int j = i + 1;
                while (j < entries.size() && entries.get(j).message() instanceof ToolResultMessage r) {
                    answered.add(r.toolCallId());
                    j++;
                }
                List<SessionEntry> missing = new ArrayList<>();
                for (ToolCall c : a.toolCalls()) {
                    if (answered.contains(c.id())) continue;
                    String text = started.contains(c.id())
                            ? "Error: interrupted — Tern stopped while this '" + c.name() + "' call was running, so its "
                              + "result was lost; it may have had partial effects. Check before repeating it."
                            : "Error: not executed — Tern stopped before this '" + c.name() + "' call ran. Call it again if it is still needed.";
                    missing.add(new SessionEntry(new ToolResultMessage(c.id(), c.name(), text, true), now));
                }
                if (missing.isEmpty()) continue;
                boolean atEnd = j == entries.size();
                if (atEnd) for (SessionEntry e : missing) writer.write(SessionCodec.encode(e.message(), now));
                entries.addAll(j, missing);
                warnings.add(missing.size() + " tool call(s) of an interrupted turn answered as interrupted"
                        + (atEnd ? "" : " (in memory only: later messages follow them in the log)"));
                i = j + missing.size() - 1;
            }
        }
    }
}
