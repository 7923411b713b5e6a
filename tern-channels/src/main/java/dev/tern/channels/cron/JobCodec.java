package dev.tern.channels.cron;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A job to and from nanobot's JSON shape (camelCase written, snake_case read too). */
final class JobCodec {

    private JobCodec() { }

    static CronJob decode(ObjectNode n, String where) {
        String id = text(n, "id", null);
        if (id == null || id.isBlank()) throw new IllegalStateException(where + ": 'id' is missing");
        JsonNode sched = n.path("schedule");
        JsonNode payload = n.path("payload");
        JsonNode state = n.path("state");
        Instant created = millis(n, "createdAtMs", "created_at_ms");
        Instant anchor = created == null ? Instant.EPOCH : created;
        String kind = text(sched, "kind", "");
        Schedule schedule;
        try {
            schedule = switch (kind) {
                case "cron" -> {
                    String tz = text(sched, "tz", null);
                    yield new Schedule.Cron(CronExpression.parse(text(sched, "expr", "")), tz == null || tz.isBlank() ? null : ZoneId.of(tz));
                }
                case "every" -> {
                    Instant every = millis(sched, "everyMs", "every_ms");
                    if (every == null || every.toEpochMilli() < 1000) throw new IllegalArgumentException("'everyMs' must be at least 1000");
                    yield new Schedule.Every(Duration.ofMillis(every.toEpochMilli()), anchor);
                }
                case "at" -> {
                    Instant at = millis(sched, "atMs", "at_ms");
                    if (at == null) throw new IllegalArgumentException("'atMs' is missing");
                    yield new Schedule.At(at);
                }
                default -> throw new IllegalArgumentException("unknown kind '" + kind + "' (cron, every or at)");
            };
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + ".schedule: " + e.getMessage());
        }
        String message = text(payload, "message", "");
        String channel = text(payload, "channel", null);
        String to = text(payload, "to", null);
        String target = channel != null && !channel.isBlank() && to != null && !to.isBlank() ? channel + ":" + to : null;
        return new CronJob(id, text(n, "name", null), n.path("enabled").asBoolean(true), schedule, message, target, created,
                millis(state, "nextRunAtMs", "next_run_at_ms"), millis(state, "lastRunAtMs", "last_run_at_ms"),
                text(state, "lastStatus", null, "last_status"), text(state, "lastError", null, "last_error"),
                bool(n, "deleteAfterRun", "delete_after_run"));
    }

    static ObjectNode encode(CronJob j, ObjectNode n, Instant now) {
        n.put("id", j.id());
        n.put("name", j.name());
        n.put("enabled", j.enabled());
        ObjectNode s = n.putObject("schedule");
        switch (j.schedule()) {
            case Schedule.Cron c -> {
                s.put("kind", "cron");
                s.put("expr", c.text());
                s.put("tz", c.zone() == null ? null : c.zone().getId());
            }
            case Schedule.Every e -> {
                s.put("kind", "every");
                s.put("everyMs", e.interval().toMillis());
            }
            case Schedule.At a -> {
                s.put("kind", "at");
                s.put("atMs", a.at().toEpochMilli());
            }
        }
        ObjectNode p = n.has("payload") && n.get("payload").isObject() ? (ObjectNode) n.get("payload") : n.putObject("payload");
        if (!p.has("kind")) p.put("kind", "agent_turn");
        p.put("message", j.message());
        p.put("deliver", j.channel() != null);
        p.put("channel", j.targetChannel());
        p.put("to", j.targetChat());
        ObjectNode st = n.has("state") && n.get("state").isObject() ? (ObjectNode) n.get("state") : n.putObject("state");
        for (String snake : new String[] {"next_run_at_ms", "last_run_at_ms", "last_status", "last_error"}) st.remove(snake);
        putMillis(st, "nextRunAtMs", j.nextRunAt());
        putMillis(st, "lastRunAtMs", j.lastRunAt());
        st.put("lastStatus", j.lastStatus());
        st.put("lastError", j.lastError());
        n.remove("created_at_ms");
        n.remove("updated_at_ms");
        n.remove("delete_after_run");
        putMillis(n, "createdAtMs", j.createdAt());
        n.put("updatedAtMs", now.toEpochMilli());
        n.put("deleteAfterRun", j.deleteAfterRun());
        return n;
    }

    private static void putMillis(ObjectNode n, String key, Instant t) {
        if (t == null) n.putNull(key);
        else n.put(key, t.toEpochMilli());
    }

    private static String text(JsonNode n, String key, String fallback, String... alternatives) {
        JsonNode v = n.get(key);
        for (int i = 0; (v == null || v.isNull()) && i < alternatives.length; i++) v = n.get(alternatives[i]);
        return v == null || v.isNull() ? fallback : v.asString();
    }

    private static Instant millis(JsonNode n, String camel, String snake) {
        JsonNode v = n.hasNonNull(camel) ? n.get(camel) : n.get(snake);
        if (v == null || v.isNull() || (v.isString() && v.asString().isBlank())) return null;
        if (!v.isNumber() && !(v.isString() && v.asString().matches("\\d+"))) {
            throw new IllegalStateException("'" + camel + "' must be milliseconds since 1970, got " + v);
        }
        return Instant.ofEpochMilli(v.asLong());
    }

    private static boolean bool(JsonNode n, String camel, String snake) {
        JsonNode v = n.hasNonNull(camel) ? n.get(camel) : n.get(snake);
        return v != null && v.asBoolean(false);
    }
}
