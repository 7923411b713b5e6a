package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code tern memory ...} end to end, in-process, on a real workspace (no model or API key needed). */
class MemoryCommandTest {

    @TempDir Path ws;

    record Out(int code, String stdout, String stderr) { }

    private Out memory(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        MemoryCommand cmd = new MemoryCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        cmd.env = Map.of();
        int code = new CommandLine(cmd).execute(args);
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rememberSearchShowForgetExportAndPrune() throws Exception {
        String config = ws.resolve("config.json").toString();
        Files.writeString(ws.resolve("config.json"), "{\"agents\": {\"defaults\": {\"model\": \"echo\"}}}");
        String dir = ws.toString();
        assertThat(memory("remember", "-w", dir, "-c", config, "The user is allergic to peanuts.").stdout()).isEqualTo("Remembered as fact #1.\n");
        assertThat(memory("remember", "--workspace", dir, "-c", config, "The user plays the cello.").stdout()).contains("fact #2");
        assertThat(memory("remember", "-w", dir, "-c", config, "the user is allergic to PEANUTS").stdout()).contains("Already known as fact #1");
        try (SimServer sim = SimServer.start(SimConfig.defaults())) {
            CliRun r = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", dir, "--config", config, "-q", "Fix the flaky payment webhook test");
            assertThat(r.code()).as(r.stderr()).isZero();
        }

        Out search = memory("search", "-w", dir, "-c", config, "--json", "any peanut allergies?");
        assertThat(search.code()).as(search.stderr()).isZero();
        JsonNode hits = Json.parse(search.stdout());
        assertThat(hits.isArray()).isTrue();
        JsonNode first = hits.get(0);
        assertThat(first.get("id").asLong()).isEqualTo(1);
        assertThat(first.get("kind").asString()).isEqualTo("fact");
        assertThat(first.get("text").asString()).isEqualTo("The user is allergic to peanuts.");
        assertThat(first.get("score").asDouble()).isPositive();

        JsonNode runs = Json.parse(memory("search", "-w", dir, "-c", config, "--json", "payment webhook test").stdout());
        JsonNode run = null;
        for (JsonNode h : runs) if (h.get("kind").asString().equals("run")) run = h;
        assertThat(run).isNotNull();
        assertThat(run.get("text").asString()).isEqualTo("Fix the flaky payment webhook test");
        assertThat(run.get("agent").asString()).isEqualTo("main");
        assertThat(memory("search", "-w", dir, "-c", config, "cello").stdout()).contains("fact #2").contains("The user plays the cello.");

        Out show = memory("show", "-w", dir, "-c", config);
        assertThat(show.stdout()).contains("facts: 2 current").contains("past runs: 1 {main=1}").contains("#1").contains("peanuts");

        assertThat(memory("forget", "-w", dir, "-c", config, "1").stdout()).isEqualTo("Forgot fact #1.\n");
        Out again = memory("forget", "-w", dir, "-c", config, "#1");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.stderr()).isEqualTo("tern: there is no fact #1\n");
        assertThat(memory("forget", "-w", dir, "-c", config, "one").code()).isEqualTo(2);
        assertThat(Files.readString(ws.resolve("memory/MEMORY.md"))).doesNotContain("peanuts").contains("The user plays the cello.");
        JsonNode afterForget = Json.parse(memory("search", "-w", dir, "-c", config, "--json", "peanut allergies").stdout());
        for (JsonNode h : afterForget) assertThat(h.get("text").asString()).doesNotContain("peanuts");

        Path export = ws.resolve("export.jsonl");
        Out ex = memory("export", "-w", dir, "-c", config, "--output", export.toString());
        assertThat(ex.code()).as(ex.stderr()).isZero();
        assertThat(Files.readAllLines(export)).anySatisfy(l -> assertThat(l).contains("\"kind\":\"fact\"").contains("cello"))
                .anySatisfy(l -> assertThat(l).contains("\"kind\":\"run\"").contains("payment webhook"));

        assertThat(memory("prune", "-w", dir, "-c", config, "--older-than", "90d").stdout()).isEqualTo("Pruned 0 past runs; 1 left.\n");
        assertThat(memory("prune", "-w", dir, "-c", config, "--keep", "0").stdout()).isEqualTo("Pruned 1 past run; 0 left.\n");
        assertThat(memory("prune", "-w", dir, "-c", config).code()).isEqualTo(2);
        assertThat(memory("prune", "-w", dir, "-c", config, "--older-than", "soon").stderr()).contains("not an age: soon");
        assertThat(memory("show", "-w", ws.resolve("nope").toString()).code()).isEqualTo(3);
    }
}
