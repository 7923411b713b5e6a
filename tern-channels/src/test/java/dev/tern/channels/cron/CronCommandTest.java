package dev.tern.channels.cron;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code tern cron add | list | remove} as the CLI runs them. */
class CronCommandTest {

    @TempDir Path ws;

    private record Run(int code, String out, String err) { }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new CronCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void addListRemove() {
        Run add = run("add", "--workspace", ws.toString(), "0 9 * * 1-5", "Summarise my inbox", "--channel", "email:me@x.org");
        assertThat(add.code()).isZero();
        String id = add.out().strip();
        assertThat(id).matches("[0-9a-f]{8}");
        assertThat(add.err()).contains("added " + id);
        Run every = run("add", "-w", ws.toString(), "@every 30m", "Check the build", "--name", "build", "--tz", "Europe/Paris");
        assertThat(every.code()).isZero();
        assertThat(Files.exists(ws.resolve("cron/jobs.json"))).isTrue();

        Run list = run("list", "--workspace", ws.toString(), "--json");
        assertThat(list.code()).isZero();
        JsonNode arr = Json.parse(list.out());
        assertThat(arr).hasSize(2);
        assertThat(arr.get(0).get("id").asString()).isEqualTo(id);
        assertThat(arr.get(0).get("schedule").asString()).isEqualTo("0 9 * * 1-5");
        assertThat(arr.get(0).get("message").asString()).isEqualTo("Summarise my inbox");
        assertThat(arr.get(0).get("channel").asString()).isEqualTo("email:me@x.org");
        assertThat(arr.get(1).get("schedule").asString()).isEqualTo("@every 30m");
        assertThat(arr.get(1).get("name").asString()).isEqualTo("build");
        assertThat(arr.get(0).get("nextRun").asString()).endsWith("Z");

        Run text = run("list", "--workspace", ws.toString());
        assertThat(text.out()).contains(id).contains("0 9 * * 1-5").contains("email:me@x.org").contains("Summarise my inbox");

        assertThat(run("remove", "--workspace", ws.toString(), id).out().strip()).isEqualTo("removed " + id);
        Run again = run("remove", "--workspace", ws.toString(), id);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).startsWith("tern cron remove: no job '" + id + "'");
        assertThat(Json.parse(run("list", "-w", ws.toString(), "--json").out())).hasSize(1);
    }

    @Test
    void badInputIsAOneLineErrorAndChangesNothing() {
        Run bad = run("add", "-w", ws.toString(), "0 25 * * *", "x");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("tern cron add: cron hour field").doesNotContain("\n");
        assertThat(run("add", "-w", ws.toString(), "@daily", "x", "--tz", "Mars/Olympus").err()).contains("unknown time zone 'Mars/Olympus'");
        assertThat(run("add", "-w", ws.toString(), "@daily", "x", "--channel", "nochat").code()).isEqualTo(2);
        assertThat(Files.exists(ws.resolve("cron/jobs.json"))).isFalse();
        assertThat(run("list", "-w", ws.toString()).out()).contains("no jobs");
        assertThat(run("list", "-w", ws.toString(), "--json").out().strip()).isEqualTo("[ ]");
    }
}
