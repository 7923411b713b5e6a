package dev.tern.workspace.memory;

import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two-layer memory of a workspace (one instance per workspace, shared by every session):
 * {@code memory/MEMORY.md} holds long-term facts and goes into the system prompt;
 * {@code memory/HISTORY.md} is an append-only, grep-able log of {@code [YYYY-MM-DD HH:MM] summary}
 * paragraphs that stays out of the prompt. MEMORY.md is replaced atomically (temp + move), so the
 * context builder never sees half a file; HISTORY.md is only ever appended to. Thread-safe.
 */
public final class MemoryStore {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("'['yyyy-MM-dd HH:mm']'", Locale.ROOT);

    private final Path memoryFile;
    private final Path historyFile;

    public MemoryStore(Path workspace) {
        Path dir = workspace.resolve("memory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        this.memoryFile = dir.resolve("MEMORY.md");
        this.historyFile = dir.resolve("HISTORY.md");
    }

    public Path memoryFile() { return memoryFile; }

    public Path historyFile() { return historyFile; }

    /** The long-term memory, "" when there is none. */
    public String readMemory() {
        try {
            return Files.readString(memoryFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + memoryFile + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the long-term memory atomically. */
    public synchronized void writeMemory(String content) {
        AtomicFiles.writeUnchecked(memoryFile, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends one entry (a paragraph) to the history log, followed by a blank line, and syncs it. */
    public synchronized void appendHistory(String entry) {
        byte[] bytes = (entry.strip() + "\n\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(historyFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + historyFile + ": " + e.getMessage(), e);
        }
    }

    /** The history entries (paragraphs) containing {@code term}, case-insensitive, most recent last, at most {@code max}. */
    public List<String> searchHistory(String term, int max) {
        String text;
        try {
            text = Files.readString(historyFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + historyFile + ": " + e.getMessage(), e);
        }
        String needle = term.toLowerCase(Locale.ROOT);
        List<String> hits = new ArrayList<>();
        for (String para : text.split("\n\\s*\n")) {
            if (!para.isBlank() && para.toLowerCase(Locale.ROOT).contains(needle)) hits.add(para.strip());
        }
        return hits.size() <= max ? hits : hits.subList(hits.size() - max, hits.size());
    }

    /** {@code [YYYY-MM-DD HH:MM]} for a time. */
    public static String stamp(ZonedDateTime t) { return t.format(STAMP); }

    /** Whether an entry already starts with a {@code [YYYY-MM-DD HH:MM]} stamp. */
    public static boolean stamped(String entry) { return entry.strip().matches("(?s)^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}].*"); }
}
