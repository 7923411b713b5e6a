package dev.tern.sim.engine;

import dev.tern.sim.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scenarios addressed as {@code file:<name>}, read from {@code <dir>/<name>.json} on first use and
 * re-read when the file changes (one {@code stat} per request that names such a scenario).
 */
public final class ScenarioDir {

    /** The prefix of scenario names served from the directory. */
    public static final String PREFIX = "file:";

    private record Loaded(Scenario scenario, FileTime modified, long size) { }

    private final Path dir;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();

    public ScenarioDir(Path dir) {
        this.dir = dir;
    }

    public Path dir() { return dir; }

    /**
     * The scenario {@code file:<name>}, or null when the file does not exist.
     *
     * @throws IllegalArgumentException for a name that leaves the directory or a file that is not one valid scenario
     */
    public Scenario resolve(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..") || name.indexOf('\0') >= 0)
            throw new IllegalArgumentException("bad scenario file name '" + name + "' (no path separators or '..')");
        Path file = dir.resolve(name + ".json");
        FileTime modified;
        long size;
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            modified = attrs.lastModifiedTime();
            size = attrs.size();
        } catch (IOException e) {
            cache.remove(name);
            return null;
        }
        Loaded hit = cache.get(name);
        if (hit != null && hit.modified().equals(modified) && hit.size() == size) return hit.scenario();
        List<Scenario> all;
        try {
            all = Scenario.loadAll(file);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (all.size() != 1)
            throw new IllegalArgumentException(file + ": expected one scenario, found " + all.size());
        Scenario s = all.get(0).named(PREFIX + name);
        cache.put(name, new Loaded(s, modified, size));
        return s;
    }

    /** Names ({@code file:<name>}) of the scenario files in the directory, sorted. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted()
                    .forEach(f -> out.add(PREFIX + f.substring(0, f.length() - 5)));
        } catch (IOException e) {
            // an unreadable directory lists nothing; requests naming a file still get a clear error
        }
        return out;
    }

    /** Forgets the parsed files (they are re-read on next use). */
    public void clear() { cache.clear(); }
}
