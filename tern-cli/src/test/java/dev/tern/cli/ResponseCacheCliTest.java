package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern run} with the response cache on, end to end against the simulator, one process per run. */
class ResponseCacheCliTest {

    static final String READER = """
            {"name": "reader", "steps": [
              {"toolCalls": [{"name": "read_file", "arguments": {"path": "in.txt"}}]},
              {"toolCalls": [{"name": "write_file", "arguments": {"path": "out.txt", "content": "copied"}}]},
              {"text": "done: {{toolResult:read_file}}"}]}""";

    @TempDir Path ws;
    SimServer sim;
    CliRun last;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(READER)).build());
        Files.writeString(ws.resolve("in.txt"), "the input");
        Files.writeString(ws.resolve("config.json"), "{\"responseCache\": {\"enabled\": true, \"verify\": \"sampling\", \"sampleRate\": 10}}");
    }

    @AfterEach
    void stop() { sim.close(); }

    CliRun run(String... extra) {
        String[] args = Stream.concat(Stream.of("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--permission-mode", "acceptEdits", "--stats"), Stream.of(extra)).toArray(String[]::new);
        last = CliRun.run(CliRun.simEnv(sim.baseUrl()), args);
        assertThat(last.code()).as(last.stderr()).isZero();
        return last;
    }

    long providerCalls() { return sim.stats().byEndpoint().getOrDefault("POST /v1/chat/completions", 0L); }

    @Test
    void theSameDeterministicTaskTwiceMakesOneProviderCall() {
        CliRun first = run("--model", "gpt-4o-mini", "summarise the design notes");
        CliRun second = run("--model", "gpt-4o-mini", "summarise the design notes");

        assertThat(providerCalls()).isEqualTo(1);
        assertThat(second.stdout()).isEqualTo(first.stdout());
        assertThat(second.stderr()).contains("answer from the response cache").contains("1 hits (1 from disk)")
                .contains("response lookup").contains("tokens 0 in");
        assertThat(first.stderr()).contains("1 misses");
        // both runs are in the tracker's run log, the second with its cache hit
        assertThat(ws.resolve(".tern/metrics/runs.jsonl")).content().contains("\"cacheHits\":1");
    }

    @Test
    void aFlippedByteInTheDiskEntryMeansOneVerificationFailureAndAFreshCall() throws Exception {
        run("--model", "gpt-4o-mini", "hello cache");
        Path entry;
        try (Stream<Path> files = Files.walk(ws.resolve(".tern/response-cache"))) {
            entry = files.filter(p -> p.toString().endsWith(".rc")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(entry);
        b[b.length / 2] ^= (byte) 0xFF;
        Files.write(entry, b);

        CliRun again = run("--model", "gpt-4o-mini", "hello cache");

        assertThat(providerCalls()).isEqualTo(2);
        assertThat(again.stderr()).contains("1 verification failure (dropped, never served)").contains("0 hits");
    }

    @Test
    void aBadSectionValueIsASetupErrorAndAnUnknownKeyAWarning() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{\"responseCache\": {\"enabled\": true, \"verify\": \"sometimes\"}}");
        CliRun bad = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--model", "gpt-4o-mini", "x");
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.stderr().strip()).startsWith("tern: ").contains("'responseCache.verify' must be one of always, sampling, never")
                .doesNotContain("\n");
        Files.writeString(ws.resolve("config.json"), "{\"responseCache\": {\"enabled\": true, \"ttlSeconds\": 5}}");
        CliRun warned = run("--model", "gpt-4o-mini", "x");
        assertThat(warned.stderr()).contains("tern: config: ").contains("unknown key 'responseCache.ttlSeconds' ignored");
    }

    @Test
    void noCacheBypassesTheCache() {
        run("--model", "gpt-4o-mini", "fresh please");
        run("--model", "gpt-4o-mini", "--no-cache", "fresh please");
        assertThat(providerCalls()).isEqualTo(2);
    }

    @Test
    void aToolTaskReplaysFromTheCacheUntilAToolWithSideEffectsWasCalled() throws Exception {
        CliRun first = run("--model", "sim:reader", "copy the file");
        assertThat(providerCalls()).isEqualTo(3);
        Files.delete(ws.resolve("out.txt"));

        CliRun second = run("--model", "sim:reader", "copy the file");

        // call 1 (the task) and call 2 (after read_file) came from the cache; call 3 carries write_file's result
        assertThat(providerCalls()).isEqualTo(4);
        assertThat(second.stdout()).isEqualTo(first.stdout()).contains("done: the input");
        assertThat(Files.readString(ws.resolve("out.txt"))).isEqualTo("copied"); // the replayed tool call still ran
        assertThat(second.stderr()).contains("2 hits").contains("not cached (side-effecting tool results)");
    }
}
