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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tern perf} over what {@code tern run} recorded. */
class PerfCommandTest {

    @TempDir Path ws;

    record Out(int code, String stdout, String stderr) { }

    Out perf(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PerfCommand cmd = new PerfCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new CommandLine(cmd).execute(args);
        return new Out(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void exportsRowsPerAgentAndPerModel() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{\"responseCache\": {\"enabled\": true}}");
        try (SimServer sim = SimServer.start(SimConfig.defaults())) {
            for (String model : new String[] {"gpt-4o-mini", "gpt-4o-mini", "gpt-4.1-nano"}) {
                CliRun r = CliRun.run(CliRun.simEnv(sim.baseUrl()), "--workspace", ws.toString(), "--config",
                        ws.resolve("config.json").toString(), "--model", model, "same task");
                assertThat(r.code()).as(r.stderr()).isZero();
            }
        }

        Out csv = perf("--workspace", ws.toString(), "--export", "csv", "--since", "1d");
        assertThat(csv.code()).as(csv.stderr()).isZero();
        assertThat(csv.stdout().lines()).first().asString().startsWith("group,name,calls,");
        assertThat(csv.stdout()).contains("\nagent,main,3,0,1.0000,3,3,1.0000,")
                .containsPattern("\nmodel,gpt-4o-mini[^,]*,2,0,")
                .containsPattern("\nmodel,gpt-4.1-nano[^,]*,1,0,")
                .contains("\ntotal,all,3,");
        // the second gpt-4o-mini run was a response-cache hit: 1 of 2 calls for that model
        assertThat(csv.stdout()).containsPattern("\nmodel,gpt-4o-mini[^,]*,2,0,1.0000,2,2,1.0000,[0-9.]+,[0-9.]+,\\d+,\\d+,0,0,[0-9.]+,1,0.5000,");

        Out json = perf("--workspace", ws.toString(), "--export", "json", "--agent", "main");
        assertThat(Json.parse(json.stdout()).get("agents").get(0).get("calls").asInt()).isEqualTo(3);

        Out table = perf("--workspace", ws.toString());
        assertThat(table.stdout()).contains("3 model calls, 3 runs").contains("p50").contains("the response cache answered 1 call(s)");
    }

    @Test
    void badArgumentsGetOneLine() {
        assertThat(perf("--workspace", ws.toString(), "--since", "yesterday").stderr()).contains("--since must be a number and a unit");
        assertThat(perf("--workspace", ws.toString(), "--export", "xml").code()).isEqualTo(2);
        Out empty = perf("--workspace", ws.toString());
        assertThat(empty.code()).isZero();
        assertThat(empty.stdout()).contains("No model calls or runs recorded");
    }
}
