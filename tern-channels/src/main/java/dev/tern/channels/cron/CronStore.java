package dev.tern.channels.cron;

import dev.tern.json.Json;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The jobs of a workspace in {@code <workspace>/cron/jobs.json}, in nanobot's cron store shape
 * ({@code {"version": 1, "jobs": [{id, name, enabled, schedule: {kind, expr, tz, everyMs, atMs},
 * payload: {kind, message, deliver, channel, to}, state: {nextRunAtMs, lastRunAtMs, lastStatus, lastError},
 * createdAtMs, updatedAtMs, deleteAfterRun}]}}), so a nanobot store can be copied in. Every change is a
 * locked read-modify-write ending in an atomic rename; fields Tern does not know are kept as they were.
 * A file that cannot be read is an error and is never overwritten.
 */
public final class CronStore {

    private final Path file;
    private final Path lock;
    private final ZoneId defaultZone;

    /** A store whose cron expressions without a zone of their own are in the system's zone. */
    public CronStore(Path workspace) { this(workspace, ZoneId.systemDefault()); }

    /** @param defaultZone the zone of cron expressions that name none (the scheduler's clock zone) */
    public CronStore(Path workspace, ZoneId defaultZone) {
        this.file = workspace.resolve("cron").resolve("jobs.json");
        this.lock = workspace.resolve("cron").resolve(".jobs.lock");
        this.defaultZone = defaultZone;
    }

    /** The zone of cron expressions that name none. */
    public ZoneId defaultZone() { return defaultZone; }

    public Path file() { return file; }

    /** The jobs, in the order they were added. */
    public List<CronJob> list() { return read().jobs; }

    /**
     * Adds a job and returns it (with its id and first fire time).
     *
     * @param schedule {@code 0 9 * * 1-5}, {@code @daily}, {@code @every 30m} or {@code @at <instant>}
     * @param channel  {@code <channel>:<chatId>} or null
     * @param zone     the zone of a cron expression, or null for the store's default zone
     * @throws IllegalArgumentException a bad schedule or channel, in one line
     */
    public CronJob add(String schedule, String message, String channel, String name, ZoneId zone, Instant now) {
        if (message == null || message.isBlank()) throw new IllegalArgumentException("the job's message is empty");
        if (channel != null && !channel.matches("[A-Za-z][\\w-]*:.+")) {
            throw new IllegalArgumentException("--channel must be <channel>:<chatId> (e.g. email:me@example.com), got '" + channel + "'");
        }
        Schedule s = Schedule.parse(schedule, zone, now);
        Schedule resolved = s instanceof Schedule.Cron c ? c.inZone(defaultZone) : s;
        Instant first = resolved.next(now);
        if (first == null) throw new IllegalArgumentException("'" + schedule + "' never fires after " + now);
        return update(jobs -> {
            String id;
            do {
                id = UUID.randomUUID().toString().substring(0, 8);
            } while (find(jobs, id) != null);
            CronJob job = new CronJob(id, name, true, s, message.strip(), channel, now, first, null, null, null, s instanceof Schedule.At);
            jobs.add(job);
            return job;
        });
    }

    /** Removes a job; false when there is none with that id. */
    public boolean remove(String id) {
        return update(jobs -> jobs.removeIf(j -> j.id().equals(id)));
    }

    /**
     * Applies {@code change} to the current jobs (a mutable list) under the store's lock and writes the
     * result if anything changed.
     */
    public <T> T update(Function<List<CronJob>, T> change) {
        return StoreLock.with(lock, () -> {
            Snapshot before = read();
            List<CronJob> jobs = new ArrayList<>(before.jobs);
            T result = change.apply(jobs);
            if (!jobs.equals(before.jobs)) write(jobs, before.raw, Instant.now());
            return result;
        });
    }

    static CronJob find(List<CronJob> jobs, String id) {
        for (CronJob j : jobs) if (j.id().equals(id)) return j;
        return null;
    }

    private record Snapshot(List<CronJob> jobs, Map<String, ObjectNode> raw) { }

    private Snapshot read() {
        if (!Files.isRegularFile(file)) return new Snapshot(List.of(), Map.of());
        JsonNode root;
        try {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new IllegalStateException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode arr = root.path("jobs");
        if (!arr.isArray()) throw new IllegalStateException(file + ": 'jobs' must be an array");
        List<CronJob> jobs = new ArrayList<>();
        Map<String, ObjectNode> raw = new HashMap<>();
        for (int i = 0; i < arr.size(); i++) {
            JsonNode n = arr.get(i);
            if (!n.isObject()) throw new IllegalStateException(file + ": jobs[" + i + "] must be an object");
            CronJob job = JobCodec.decode((ObjectNode) n, file + ": jobs[" + i + "]");
            jobs.add(job);
            raw.put(job.id(), (ObjectNode) n);
        }
        return new Snapshot(List.copyOf(jobs), raw);
    }

    private void write(List<CronJob> jobs, Map<String, ObjectNode> raw, Instant now) {
        ObjectNode root = Json.object();
        root.put("version", 1);
        ArrayNode arr = root.putArray("jobs");
        for (CronJob j : jobs) {
            ObjectNode old = raw.get(j.id());
            arr.add(JobCodec.encode(j, old == null ? Json.object() : old.deepCopy(), now));
        }
        try {
            AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
