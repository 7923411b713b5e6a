package dev.tern.orchestration.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The {@code *.md} files of some folders, each parsed once and parsed again only when its modification
 * time or size changes (claude-force re-read every definition on every run: seed 003 6.2). A scan lists
 * the folders and stats each file; files that are new or changed are read and parsed concurrently (on
 * virtual threads), the others keep their parsed value. Thread-safe: scans are serialised.
 *
 * @param <T> what a file parses into
 */
public final class DefinitionFiles<T> {

    /** Parses one file's text; throws {@link DefinitionException} for a file that cannot be loaded. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Path file, String text, int folderIndex);
    }

    /**
     * One scan's result.
     *
     * @param values   parsed values, by file, in folder order then file-name order
     * @param problems files that failed, with their line
     * @param changed  whether anything differs from the previous scan (a file added, changed or removed)
     * @param parsed   how many files this scan read and parsed
     */
    public record Scan<T>(Map<Path, T> values, List<Problem> problems, boolean changed, int parsed) { }

    private record Entry<T>(FileTime modified, long size, T value, Problem problem) { }

    private final List<Path> folders;
    private final Parser<T> parser;
    private final Map<Path, Entry<T>> cache = new HashMap<>();
    private final ParsedIndex<T> index;
    private boolean indexRead;
    private long parsedTotal;

    /** @param folders searched in order; missing folders are simply empty */
    public DefinitionFiles(List<Path> folders, Parser<T> parser) {
        this(folders, parser, null);
    }

    /**
     * @param index where parsed values are kept between processes (a file keyed by path, modification time
     *              and size), or null for none
     */
    public DefinitionFiles(List<Path> folders, Parser<T> parser, ParsedIndex<T> index) {
        this.folders = List.copyOf(folders);
        this.parser = parser;
        this.index = index;
    }

    public List<Path> folders() { return folders; }

    /** Files read and parsed since creation (for tests and {@code /perf}). */
    public synchronized long parsedTotal() { return parsedTotal; }

    /** Lists the folders, re-parses what changed, and returns every file's value or problem. */
    public synchronized Scan<T> scan() {
        if (index != null && !indexRead) {
            indexRead = true;
            for (ParsedIndex.Saved<T> e : index.read()) {
                cache.put(e.file(), new Entry<>(FileTime.from(e.modifiedNanos(), TimeUnit.NANOSECONDS), e.size(), e.value(), null));
            }
        }
        Map<Path, BasicFileAttributes> seen = new LinkedHashMap<>();
        Map<Path, Integer> folderOf = new HashMap<>();
        for (int i = 0; i < folders.size(); i++) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folders.get(i), "*.md")) {
                for (Path p : ds) files.add(p);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                continue; // an unreadable or non-folder path has no definitions
            }
            files.sort(null);
            for (Path p : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        seen.put(p, a);
                        folderOf.put(p, i);
                    }
                } catch (IOException e) {
                    // vanished between the listing and the stat
                }
            }
        }
        boolean changed = cache.keySet().retainAll(seen.keySet());
        List<Path> stale = new ArrayList<>();
        for (Map.Entry<Path, BasicFileAttributes> e : seen.entrySet()) {
            Entry<T> hit = cache.get(e.getKey());
            if (hit == null || nanos(hit.modified()) != nanos(e.getValue().lastModifiedTime()) || hit.size() != e.getValue().size()) {
                stale.add(e.getKey());
            }
        }
        if (!stale.isEmpty()) {
            changed = true;
            parseAll(stale, seen, folderOf);
        }
        if (changed && index != null) saveIndex();
        Map<Path, T> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Path p : seen.keySet()) {
            Entry<T> e = cache.get(p);
            if (e == null) continue;
            if (e.value() != null) values.put(p, e.value());
            if (e.problem() != null) problems.add(e.problem());
        }
        return new Scan<>(Collections.unmodifiableMap(values), List.copyOf(problems), changed, stale.size());
    }

    private static long nanos(FileTime t) { return t.to(TimeUnit.NANOSECONDS); }

    private void saveIndex() {
        List<ParsedIndex.Saved<T>> out = new ArrayList<>();
        cache.forEach((p, e) -> {
            if (e.value() != null) out.add(new ParsedIndex.Saved<>(p, nanos(e.modified()), e.size(), e.value()));
        });
        index.write(out);
    }

    private void parseAll(List<Path> stale, Map<Path, BasicFileAttributes> attrs, Map<Path, Integer> folderOf) {
        parsedTotal += stale.size();
        if (stale.size() == 1) {
            Path p = stale.getFirst();
            cache.put(p, load(p, attrs.get(p), folderOf.get(p)));
            return;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Entry<T>>> futures = new ArrayList<>();
            for (Path p : stale) futures.add(pool.submit((Callable<Entry<T>>) () -> load(p, attrs.get(p), folderOf.get(p))));
            for (int i = 0; i < stale.size(); i++) {
                try {
                    cache.put(stale.get(i), futures.get(i).get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading definitions", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    cache.put(stale.get(i), new Entry<>(attrs.get(stale.get(i)).lastModifiedTime(), attrs.get(stale.get(i)).size(),
                            null, new Problem(stale.get(i), 0, "cannot load: " + e.getCause(), true)));
                }
            }
        }
    }

    private Entry<T> load(Path p, BasicFileAttributes a, int folder) {
        try {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            return new Entry<>(a.lastModifiedTime(), a.size(), parser.parse(p, text, folder), null);
        } catch (DefinitionException e) {
            return new Entry<>(a.lastModifiedTime(), a.size(), null, new Problem(p, e.line(), e.getMessage(), true));
        } catch (IOException | java.io.UncheckedIOException e) {
            return new Entry<>(a.lastModifiedTime(), a.size(), null, new Problem(p, 0, "cannot read: " + e.getMessage(), true));
        }
    }

    /** The names of files present in the last scan (for tests). */
    public synchronized Set<Path> known() { return new HashSet<>(cache.keySet()); }
}
