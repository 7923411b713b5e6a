package dev.tern.channels.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CronStoreTest {

    @TempDir Path ws;
    private static final Instant NOW = Instant.parse("2026-12-01T08:30:00Z");

    @Test
    void addListRemoveInNanobotsStoreShape() throws Exception {
        CronStore store = new CronStore(ws, ZoneId.of("UTC"));
        CronJob a = store.add("0 9 * * 1-5", "Summarise my inbox", "email:me@example.com", null, null, NOW);
        CronJob b = store.add("@every 30m", "Check the build", null, "build", null, NOW);
        assertThat(a.id()).hasSize(8);
        assertThat(a.nextRunAt()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(b.nextRunAt()).isEqualTo(NOW.plusSeconds(1800));
        assertThat(store.list()).extracting(CronJob::id).containsExactly(a.id(), b.id());

        JsonNode file = Json.parse(Files.readString(ws.resolve("cron/jobs.json")));
        assertThat(file.get("version").asInt()).isEqualTo(1);
        JsonNode j = file.get("jobs").get(0);
        assertThat(j.get("schedule").get("kind").asString()).isEqualTo("cron");
        assertThat(j.get("schedule").get("expr").asString()).isEqualTo("0 9 * * 1-5");
        assertThat(j.get("payload").get("message").asString()).isEqualTo("Summarise my inbox");
        assertThat(j.get("payload").get("deliver").asBoolean()).isTrue();
        assertThat(j.get("payload").get("channel").asString()).isEqualTo("email");
        assertThat(j.get("payload").get("to").asString()).isEqualTo("me@example.com");
        assertThat(j.get("state").get("nextRunAtMs").asLong()).isEqualTo(Instant.parse("2026-12-01T09:00:00Z").toEpochMilli());
        assertThat(file.get("jobs").get(1).get("schedule").get("everyMs").asLong()).isEqualTo(1_800_000L);

        assertThat(store.remove(a.id())).isTrue();
        assertThat(store.remove(a.id())).isFalse();
        assertThat(store.list()).extracting(CronJob::name).containsExactly("build");
    }

    @Test
    void aNanobotStoreLoadsAndWhatTernDoesNotKnowIsKept() throws Exception {
        Files.createDirectories(ws.resolve("cron"));
        Files.writeString(ws.resolve("cron/jobs.json"), """
                {"version": 1, "jobs": [
                  {"id": "abcd1234", "name": "morning", "enabled": true,
                   "schedule": {"kind": "cron", "expr": "0 7 * * *", "tz": "Europe/Paris"},
                   "payload": {"kind": "agent_turn", "message": "Good morning summary", "deliver": true, "channel": "telegram",
                               "to": "12345", "channel_meta": {"thread": 7}},
                   "state": {"next_run_at_ms": 1796108400000, "last_status": "ok", "runHistory": [{"runAtMs": 1, "status": "ok"}]},
                   "created_at_ms": 1700000000000, "updatedAtMs": 1700000000000, "deleteAfterRun": false},
                  {"id": "once0001", "name": "remind", "schedule": {"kind": "at", "atMs": 1796112000000},
                   "payload": {"message": "Call mum"}, "state": {}, "createdAtMs": 1700000000000, "deleteAfterRun": true}
                ]}""");
        CronStore store = new CronStore(ws);
        List<CronJob> jobs = store.list();
        assertThat(jobs).hasSize(2);
        CronJob m = jobs.get(0);
        assertThat(m.schedule()).isInstanceOf(Schedule.Cron.class);
        assertThat(((Schedule.Cron) m.schedule()).zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(m.channel()).isEqualTo("telegram:12345");
        assertThat(m.nextRunAt()).isEqualTo(Instant.ofEpochMilli(1796108400000L));
        assertThat(m.lastStatus()).isEqualTo("ok");
        assertThat(jobs.get(1).schedule()).isEqualTo(new Schedule.At(Instant.ofEpochMilli(1796112000000L)));
        assertThat(jobs.get(1).deleteAfterRun()).isTrue();

        store.update(list -> list.set(0, list.get(0).withStatus("error", "boom")));
        JsonNode j = Json.parse(Files.readString(ws.resolve("cron/jobs.json"))).get("jobs").get(0);
        assertThat(j.get("payload").get("channel_meta").get("thread").asInt()).isEqualTo(7);
        assertThat(j.get("state").get("runHistory")).hasSize(1);
        assertThat(j.get("state").get("lastError").asString()).isEqualTo("boom");
        assertThat(j.get("state").get("nextRunAtMs").asLong()).isEqualTo(1796108400000L);
        assertThat(j.has("created_at_ms")).isFalse();
        assertThat(j.get("createdAtMs").asLong()).isEqualTo(1700000000000L);
    }

    @Test
    void aBrokenFileIsAnErrorAndIsNeverOverwritten() throws Exception {
        Files.createDirectories(ws.resolve("cron"));
        Files.writeString(ws.resolve("cron/jobs.json"), "{\"jobs\": [{\"id\": \"x\", \"schedule\": {\"kind\": \"cron\", \"expr\": \"61 * * * *\"}}]}");
        CronStore store = new CronStore(ws);
        assertThatThrownBy(store::list).hasMessageContaining("jobs.json: jobs[0].schedule: cron minute field");
        assertThatThrownBy(() -> store.add("@daily", "x", null, null, null, NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(ws.resolve("cron/jobs.json"))).contains("61 * * * *");
    }

    @Test
    void badInputToAddIsRefusedInOneLine() {
        CronStore store = new CronStore(ws);
        assertThatThrownBy(() -> store.add("0 9 * *", "x", null, null, null, NOW)).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> store.add("@daily", " ", null, null, null, NOW)).hasMessageContaining("message is empty");
        assertThatThrownBy(() -> store.add("@daily", "x", "email", null, null, NOW)).hasMessageContaining("<channel>:<chatId>");
        assertThatThrownBy(() -> store.add("@at 2020-01-01T00:00:00Z", "x", null, null, null, NOW)).hasMessageContaining("never fires");
        assertThat(Files.exists(ws.resolve("cron/jobs.json"))).isFalse();
    }
}
