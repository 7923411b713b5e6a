package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The defects a new user met in the first hour (issue 10, and issue 8 defect 5), each pinned by a test. */
class FirstHourDefectsTest {

    static final String SCENARIOS = """
            [{"name": "empty", "steps": [{"text": ""}]},
             {"name": "slowheaders", "steps": [{"text": "too late", "fault": {"type": "slow_headers", "ms": 30000}}]},
             {"name": "stall", "steps": [{"text": "a b c d e f g h i j k l m n o p", "fault": {"type": "stall", "afterTokens": 2, "ms": 30000}}]},
             {"name": "slowtool", "steps": [{"toolCalls": [{"name": "exec", "arguments": {"command": "sleep 30"}}]}, {"text": "never"}]},
             {"name": "shell", "steps": [{"toolCalls": [{"name": "exec", "arguments": {"command": "echo hi"}}]},
                                         {"text": "{{toolResult:exec}}"}]},
             {"name": "e500", "steps": [{"text": "x", "fault": {"type": "status", "status": 500}}]}]""";

    @TempDir Path ws;
    @TempDir Path home;
    SimServer sim;

    @BeforeEach
    void start() throws Exception {
        SimConfig.Builder b = SimConfig.builder();
        for (var n : Json.parse(SCENARIOS)) b.scenario(Scenario.parse(Json.write(n)));
        sim = SimServer.start(b.build());
        Files.writeString(ws.resolve("config.json"), "{}");
    }

    @AfterEach
    void stop() { sim.close(); }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString()));
        all.addAll(List.of(args));
        return CliRun.run(CliRun.simEnv(sim.baseUrl()), home, all.toArray(String[]::new));
    }

    @Test
    void aConfigErrorIsReportedAsWhatItIsNotAsAPrefetchError() throws Exception {
        Files.writeString(ws.resolve("config.json"), "{\"permissions\": {\"mode\": \"sometimes\"}}");
        CliRun r = run("--model", "sim:empty", "hi");

        assertThat(r.code()).isEqualTo(RunCommand.SETUP);
        assertThat(r.stderr().strip()).contains("unknown permission mode 'sometimes'").doesNotContain("--prefetch").doesNotContain("\n");

        CliRun flag = run("--model", "echo", "--permission-mode", "sometimes", "hi");
        assertThat(flag.code()).isEqualTo(RunCommand.USAGE);
        assertThat(flag.stderr()).contains("unknown permission mode").doesNotContain("--prefetch");

        Files.writeString(ws.resolve("config.json"), "{}");
        Files.writeString(ws.resolve("prefetch.json"), "{\"not\": \"an array\"}");
        CliRun prefetch = run("--model", "echo", "--prefetch", ws.resolve("prefetch.json").toString(), "hi");
        assertThat(prefetch.code()).isEqualTo(RunCommand.SETUP);
        assertThat(prefetch.stderr()).contains("--prefetch " + ws.resolve("prefetch.json")).contains("expected an array");
    }

    @Test
    void anEmptyAnswerIsAFailureNotASilentSuccess() {
        CliRun r = run("--model", "sim:empty", "say nothing");

        assertThat(r.code()).isEqualTo(RunCommand.FAILED);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("tern: the model returned an empty answer");
    }

    @Test
    void anHttp500KeepsTheServersWordsInTheError() {
        CliRun r = run("--model", "sim:e500", "hi");

        assertThat(r.code()).isEqualTo(RunCommand.FAILED);
        assertThat(r.stderr()).contains("HTTP 500").contains("The server had an error");
    }

    @Test
    void anUnpricedModelWarnsOnceAndAMoneyBudgetIsRefusedUnlessTheConfigPricesIt() throws Exception {
        CliRun warned = run("--model", "echo", "--output-format", "json", "hi");
        assertThat(warned.code()).isZero();
        assertThat(warned.stderr()).containsOnlyOnce("no price is known for echo");
        assertThat(Json.parse(warned.stdout()).get("cost").isNull()).as("not a fake $0").isTrue();

        CliRun refused = run("--model", "echo", "--max-cost", "0.01", "hi");
        assertThat(refused.code()).isEqualTo(RunCommand.SETUP);
        assertThat(refused.stderr()).contains("cannot enforce a money budget").contains("echo").contains("\"prices\"");
        assertThat(sim.stats().byEndpoint()).as("refused before any model call").containsEntry("POST /v1/chat/completions", 1L);

        Files.writeString(ws.resolve("config.json"), "{\"prices\": {\"echo\": {\"input\": 1000000, \"output\": 1000000}}}");
        CliRun priced = run("--model", "echo", "--max-cost", "0.01", "hi");
        assertThat(priced.code()).as("$1 per token: the budget stops the run").isEqualTo(RunCommand.LIMIT);
        assertThat(priced.stderr()).contains("run budget exceeded").doesNotContain("no price");
    }

    @Test
    void withoutWorkspaceTheRunGoesToThePerUserWorkspaceNotTheCurrentFolder() throws Exception {
        Path checkout = Files.createDirectory(ws.resolve("checkout"));
        Files.writeString(checkout.resolve("README.md"), "a project");
        CliRun r = runIn(checkout, "--config", ws.resolve("config.json").toString(), "--model", "echo", "hi");

        assertThat(r.code()).as(r.stderr()).isZero();
        try (var files = Files.list(checkout)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("README.md");
        }
        Path user = home.resolve(".tern/workspace");
        assertThat(user.resolve("sessions")).isDirectory();
        assertThat(r.stderr()).contains("created the workspace " + user);

        Files.writeString(checkout.resolve("AGENTS.md"), "be brief");
        CliRun here = runIn(checkout, "--config", ws.resolve("config.json").toString(), "--model", "echo", "hi");
        assertThat(here.code()).isZero();
        assertThat(checkout.resolve("sessions")).as("a folder with AGENTS.md is a workspace").isDirectory();
    }

    private CliRun runIn(Path cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        RunCommand cmd = new RunCommand();
        cmd.env = CliRun.simEnv(sim.baseUrl());
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        cmd.interactive = false;
        cmd.stdinTerminal = true;
        cmd.interrupts = Interrupts.none(cmd.errStream);
        cmd.opts.home = home;
        cmd.opts.cwd = cwd;
        int code = new CommandLine(cmd).execute(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTimeoutCutsASlowModelCallAStalledStreamAndASlowTool() {
        for (String model : List.of("sim:slowheaders", "sim:stall", "sim:slowtool")) {
            long t0 = System.nanoTime();
            CliRun r = run("--model", model, "--permission-mode", "bypassPermissions", "--timeout", "1", "--output-format", "json", "go");
            long ms = (System.nanoTime() - t0) / 1_000_000;

            assertThat(r.code()).as(model + ": " + r.stderr()).isEqualTo(RunCommand.LIMIT);
            assertThat(r.stderr()).as(model).contains("tern: timed out: ").contains("maxWallTime=1.0 s");
            assertThat(Json.parse(r.stdout()).get("outcome").asString()).isEqualTo("timeout");
            assertThat(ms).as(model + ": cut long before the 30 s it would take").isLessThan(15_000);
        }
    }

    @Test
    void theAcceptEditsDenialDoesNotTellTheUserToSwitchToAcceptEdits() throws Exception {
        CliRun r = run("--model", "sim:shell", "--permission-mode", "acceptEdits", "run it");

        assertThat(r.code()).isZero();
        assertThat(r.stdout()).contains("Denied").contains("bypassPermissions").doesNotContain("acceptEdits or");
    }

    @Test
    void usageErrorsPrintTheErrorAndAHintNotTheWholeHelp() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).execute("run", "--no-such-flag", "hi");

        assertThat(code).isEqualTo(RunCommand.USAGE);
        assertThat(err.toString()).startsWith("tern: Unknown option: '--no-such-flag'").contains("Try 'tern run --help'")
                .doesNotContain("--max-iterations");
        assertThat(err.toString().lines().count()).isLessThan(6);
    }

    @Test
    void helpIsACommandToo() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine().setOut(new PrintWriter(out));
        assertThat(cl.execute("help")).isZero();
        assertThat(out.toString()).contains("run").contains("chat").contains("sessions").contains("completion");
        StringWriter run = new StringWriter();
        assertThat(Main.commandLine().setOut(new PrintWriter(run)).execute("help", "run")).isZero();
        assertThat(run.toString()).contains("--output-format").contains("130");
        StringWriter script = new StringWriter();
        assertThat(Main.commandLine().setOut(new PrintWriter(script)).execute("completion")).isZero();
        assertThat(script.toString()).contains("complete -F").contains("--output-format");
    }

    @Test
    void benchLeavesTheDocsAloneUnlessAsked() throws Exception {
        Path doc = ws.resolve("BENCHMARKS.md");
        Files.writeString(doc, "# untouched\n");
        BenchCommand bench = new BenchCommand();
        assertThat(new CommandLine(bench).execute("--doc", doc.toString(), "--quick", "session")).isIn(0, 1);
        assertThat(Files.readString(doc)).isEqualTo("# untouched\n");
    }
}
