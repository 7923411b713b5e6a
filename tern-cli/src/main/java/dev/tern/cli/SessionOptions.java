package dev.tern.cli;

import dev.tern.store.SessionInfo;
import dev.tern.store.SessionStore;
import dev.tern.workspace.session.FileSessionStore;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Option;

/** Which conversation a run continues: a new one, a named one, the most recent, or one by id. */
final class SessionOptions {

    @Option(names = "--session", paramLabel = "KEY", description = "use this session (created if new)")
    String session;

    @Option(names = "--continue", description = "continue the most recent session of the workspace")
    boolean continueLast;

    @Option(names = "--resume", paramLabel = "ID", description = "resume a session by key or file name (see tern sessions)")
    String resume;

    /** The session key to use; {@code fresh} names a new one. @throws IllegalArgumentException with a one-line reason */
    String key(SessionStore store, String fresh) {
        int chosen = (session != null ? 1 : 0) + (continueLast ? 1 : 0) + (resume != null ? 1 : 0);
        if (chosen > 1) throw new IllegalArgumentException("use only one of --session, --continue and --resume");
        if (session != null) return session;
        if (continueLast) {
            List<SessionInfo> all = store.list();
            if (all.isEmpty()) throw new IllegalArgumentException("--continue: this workspace has no session yet");
            return all.getFirst().key();
        }
        if (resume != null) return find(store, resume);
        return fresh;
    }

    /** A session by key, or by its file name (with or without {@code .jsonl}). */
    static String find(SessionStore store, String id) {
        if (store.exists(id)) return id;
        String base = id.endsWith(".jsonl") ? id.substring(0, id.length() - ".jsonl".length()) : id;
        for (SessionInfo s : store.list()) {
            if (s.key().equals(base) || FileSessionStore.fileName(s.key()).equals(base)) return s.key();
        }
        throw new IllegalArgumentException("no session '" + id + "' in this workspace (tern sessions lists them)");
    }

    /** A new key for a one-shot run. */
    static String newRunKey() {
        return "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    }
}
