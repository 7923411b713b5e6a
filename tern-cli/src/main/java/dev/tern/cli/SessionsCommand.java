package dev.tern.cli;

import dev.tern.store.SessionInfo;
import dev.tern.workspace.session.FileSessionStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tern sessions}: the workspace's conversations, most recent first, with last activity and size. */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = {"List the sessions of a workspace, most recent first: key, last activity, messages, size.",
                "Continue one with 'tern run --resume KEY' (or --continue for the most recent), or /resume KEY in tern chat."})
public final class SessionsCommand implements Callable<Integer> {

    @Mixin WorkspaceOptions opts = new WorkspaceOptions();

    @Option(names = "--json", description = "one JSON object per line instead of a table")
    boolean json;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() {
        Path ws;
        try {
            ws = opts.workspace(err);
        } catch (UncheckedIOException e) {
            err.println("tern: " + e.getMessage());
            return RunCommand.SETUP;
        }
        Path dir = ws.resolve("sessions");
        if (!Files.isDirectory(dir)) {
            if (!json) out.println("no sessions in " + ws);
            return 0;
        }
        try (FileSessionStore store = new FileSessionStore(ws)) {
            List<SessionInfo> all = store.list();
            if (json) {
                for (SessionInfo s : all) out.println(EventJson.write(row(s, dir)));
            } else {
                out.print(table(all, dir, Instant.now()));
            }
            return 0;
        }
    }

    private static java.util.Map<String, Object> row(SessionInfo s, Path dir) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("key", s.key());
        m.put("updated", s.updated().toString());
        m.put("created", s.created().toString());
        m.put("messages", s.messageCount());
        m.put("bytes", size(dir, s.key()));
        if (s.title() != null) m.put("title", s.title());
        return m;
    }

    /** The listing: key, last activity (relative and local time), messages, size on disk. */
    static String table(List<SessionInfo> all, Path dir, Instant now) {
        if (all.isEmpty()) return "no sessions in " + dir.getParent() + "\n";
        int width = 7;
        for (SessionInfo s : all) width = Math.max(width, s.key().length());
        StringBuilder b = new StringBuilder(String.format("%-" + width + "s  %-28s  %8s  %9s%n", "SESSION", "LAST ACTIVITY", "MESSAGES", "SIZE"));
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
        for (SessionInfo s : all) {
            String when = ago(Duration.between(s.updated(), now)) + " (" + local.format(s.updated()) + ")";
            b.append(String.format("%-" + width + "s  %-28s  %8s  %9s%n", s.key(), when,
                    s.messageCount() < 0 ? "?" : String.valueOf(s.messageCount()), PerfReport.bytes(size(dir, s.key()))));
        }
        return b.toString();
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s ago";
        if (s < 3600) return s / 60 + " min ago";
        if (s < 86_400) return s / 3600 + " h ago";
        return s / 86_400 + " d ago";
    }

    private static long size(Path dir, String key) {
        try {
            Path f = dir.resolve(FileSessionStore.fileName(key) + ".jsonl");
            return Files.isRegularFile(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
