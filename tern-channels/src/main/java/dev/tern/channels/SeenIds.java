package dev.tern.channels;

import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The ids of recently received messages of one channel, so that a redelivered message (an update the
 * server sends again, a mail still unseen after a crash) is answered once. Bounded: the newest
 * {@code capacity} ids are kept. Persisted as an append-only file (one id per line) that is rewritten
 * with only the kept ids when it has grown to twice the capacity, so a restart remembers them.
 */
final class SeenIds {

    private final Path file;
    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();
    private int linesInFile;

    /** @param file the state file, or null to keep ids in memory only */
    SeenIds(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
        if (file != null && Files.isRegularFile(file)) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (String l : lines) if (!l.isEmpty()) remember(l);
                linesInFile = lines.size();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Claims {@code id} in memory; false when it was already there (a redelivery). */
    synchronized boolean claim(String id) {
        String clean = clean(id);
        if (ids.contains(clean)) return false;
        remember(clean);
        return true;
    }

    /**
     * Makes a claim durable, once the message has been taken (queued or refused), so a restart remembers it.
     *
     * @throws UncheckedIOException when it cannot be written (the id stays remembered in memory)
     */
    synchronized void commit(String id) {
        if (file != null) persist(clean(id));
    }

    /** Drops a claim whose message was not taken (shutting down), so its redelivery is taken later. */
    synchronized void release(String id) { ids.remove(clean(id)); }

    private static String clean(String id) { return id.replace('\n', ' ').replace('\r', ' '); }

    synchronized int size() { return ids.size(); }

    private void remember(String id) {
        ids.remove(id);
        ids.add(id);
        if (ids.size() > capacity) {
            Iterator<String> it = ids.iterator();
            it.next();
            it.remove();
        }
    }

    private void persist(String id) {
        try {
            if (linesInFile >= 2 * capacity) {
                AtomicFiles.write(file, String.join("\n", ids) + "\n");
                linesInFile = ids.size();
                return;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                w.write(id);
                w.write('\n');
            }
            linesInFile++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record message id in " + file + ": " + e.getMessage(), e);
        }
    }
}
