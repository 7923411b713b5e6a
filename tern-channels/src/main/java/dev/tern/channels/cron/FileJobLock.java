package dev.tern.channels.cron;

import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The single-node {@link JobLock}: for each job the latest claimed fire time, in
 * {@code <workspace>/cron/claims.json}, written (atomic rename) before the claim is granted, so a restart
 * after a crash mid-turn does not run that fire again. Fire times of a job only grow, so one number per
 * job is all there is to keep. Safe across threads and processes on one machine (file lock).
 */
public final class FileJobLock implements JobLock {

    private final Path file;
    private final Path lock;

    public FileJobLock(Path workspace) {
        this.file = workspace.resolve("cron").resolve("claims.json");
        this.lock = workspace.resolve("cron").resolve(".claims.lock");
    }

    @Override
    public boolean tryAcquire(String jobId, Instant fireTime) {
        return StoreLock.with(lock, () -> {
            Map<String, Long> claims = read();
            Long last = claims.get(jobId);
            if (last != null && last >= fireTime.toEpochMilli()) return false;
            claims.put(jobId, fireTime.toEpochMilli());
            write(claims);
            return true;
        });
    }

    @Override
    public void forget(String jobId) {
        StoreLock.with(lock, () -> {
            Map<String, Long> claims = read();
            if (claims.remove(jobId) != null) write(claims);
            return null;
        });
    }

    private Map<String, Long> read() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return out;
        try {
            JsonNode root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
            root.properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalStateException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void write(Map<String, Long> claims) {
        ObjectNode root = Json.object();
        claims.forEach(root::put);
        try {
            AtomicFiles.write(file, Json.write(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the claim in " + file + ": " + e.getMessage(), e);
        }
    }
}
