package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.json.Json;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** What agent CLIs are expected to have, on {@code tern run}: output formats, stdin, sessions, prompts, tools, provider flags. */
class RunOptionsTest {

    static final String TOOLS = """
            {"name": "tools", "steps": [
              {"toolCalls": [{"name": "read_file", "arguments": {"path": "in.txt"}}]},
              {"text": "I read: {{toolResult:read_file}}"}]}""";

    @TempDir Path ws;
    @TempDir Path home;
    SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(TOOLS)).build());
        Files.writeString(ws.resolve("in.txt"), "the input");
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
    void jsonOutputNamesTheAnswerTokensCostSessionAndToolCalls() throws Exception {
        CliRun r = run("--model", "sim:tools", "--output-format", "json", "read it");

        assertThat(r.code()).as(r.stderr()).isZero();
        JsonNode j = Json.parse(r.stdout());
        assertThat(j.get("answer").asString().strip()).isEqualTo("I read: the input");
        assertThat(j.get("outcome").asString()).isEqualTo("completed");
        assertThat(j.get("session").asString()).startsWith("run-");
        assertThat(j.get("usage").get("inputTokens").asLong()).isPositive();
        assertThat(j.get("usage").get("outputTokens").asLong()).isPositive();
        assertThat(j.get("cost").isNumber()).as("sim: models are priced (free)").isTrue();
        assertThat(j.get("toolCalls")).hasSize(1);
        JsonNode call = j.get("toolCalls").get(0);
        assertThat(call.get("name").asString()).isEqualTo("read_file");
        assertThat(call.get("arguments").get("path").asString()).isEqualTo("in.txt");
        assertThat(call.get("error").asBoolean()).isFalse();
        assertThat(call.has("elapsed")).isTrue();
        assertThat(j.get("exitCode").asInt()).isZero();
    }

    @Test
    void streamJsonIsOneEventPerLineThenTheResult() throws Exception {
        CliRun r = run("--model", "sim:tools", "--output-format", "stream-json", "read it");

        assertThat(r.code()).as(r.stderr()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.stdout().strip().split("\n")) lines.add(Json.parse(l));
        List<String> types = lines.stream().map(n -> n.get("type").asString()).toList();
        assertThat(types).startsWith("run_started").contains("model_requested", "text_delta", "model_responded",
                "tool_started", "tool_finished", "message_added", "run_finished").endsWith("result");
        assertThat(types.indexOf("tool_started")).isLessThan(types.indexOf("tool_finished"));
        assertThat(lines.getLast().get("answer").asString().strip()).isEqualTo("I read: the input");
    }

    @Test
    void theMessageCanComeFromStdin() {
        for (List<String> args : List.of(List.of("-"), List.<String>of())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RunCommand cmd = new RunCommand();
            cmd.env = CliRun.simEnv(sim.baseUrl());
            cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
            cmd.errStream = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            cmd.in = new ByteArrayInputStream("hi from a pipe\n".getBytes(StandardCharsets.UTF_8));
            cmd.interactive = false;
            cmd.stdinTerminal = false;
            cmd.interrupts = Interrupts.none(cmd.errStream);
            List<String> all = new ArrayList<>(List.of("--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                    "--model", "echo"));
            all.addAll(args);
            int code = new CommandLine(cmd).execute(all.toArray(String[]::new));

            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("echo: hi from a pipe");
        }
    }

    @Test
    void continueResumesTheMostRecentSessionAndResumeOneById() throws Exception {
        CliRun first = run("--model", "echo", "--output-format", "json", "first");
        String session = Json.parse(first.stdout()).get("session").asString();
        CliRun second = run("--model", "echo", "--output-format", "json", "--continue", "second");

        assertThat(second.code()).as(second.stderr()).isZero();
        assertThat(Json.parse(second.stdout()).get("session").asString()).isEqualTo(session);
        assertThat(sim.requests().getLast().contains("first")).as("the history went with the second message").isTrue();

        CliRun other = run("--model", "echo", "--session", "other", "third");
        assertThat(other.code()).isZero();
        CliRun resumed = run("--model", "echo", "--output-format", "json", "--resume", session, "fourth");
        assertThat(Json.parse(resumed.stdout()).get("session").asString()).isEqualTo(session);
        assertThat(sim.requests().getLast().contains("second")).isTrue();

        CliRun missing = run("--model", "echo", "--resume", "nope", "x");
        assertThat(missing.code()).isEqualTo(RunCommand.USAGE);
        assertThat(missing.stderr()).contains("no session 'nope'");
    }

    @Test
    void sessionsListsThemWithLastActivityAndSize() throws Exception {
        run("--model", "echo", "--session", "alpha", "one");
        run("--model", "echo", "--session", "beta", "two");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SessionsCommand cmd = new SessionsCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new CommandLine(cmd).execute("--workspace", ws.toString());
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(code).isZero();
        assertThat(text).contains("SESSION").contains("LAST ACTIVITY").contains("SIZE");
        assertThat(text.indexOf("beta")).as("most recent first").isLessThan(text.indexOf("alpha"));
        assertThat(text).containsPattern("beta +\\d+ s ago");
    }

    @Test
    void systemPromptsToolFiltersAndNoStreamReachTheModel() throws Exception {
        CliRun r = run("--model", "sim:tools", "--system-prompt", "You are a parrot.", "--append-system-prompt", "Be brief.",
                "--allowed-tools", "read_file,list_dir", "--no-stream", "read it");

        assertThat(r.code()).as(r.stderr()).isZero();
        String body = sim.requests().stream().filter(q -> q.path().endsWith("/chat/completions")).findFirst().orElseThrow().body();
        assertThat(body).contains("You are a parrot.").contains("Be brief.").doesNotContain("AGENTS.md");
        assertThat(body).contains("\"read_file\"").contains("\"list_dir\"").doesNotContain("\"write_file\"").doesNotContain("\"exec\"");
        assertThat(body).doesNotContain("\"stream\":true");

        int before = sim.requests().size();
        CliRun list = run("--disallowed-tools", "exec,web_*", "--list-tools");
        assertThat(list.code()).isZero();
        assertThat(list.stdout()).contains("read_file").contains("write_file").doesNotContain("exec ").doesNotContain("web_fetch");
        assertThat(sim.requests()).as("--list-tools calls no model").hasSize(before);
    }

    @Test
    void baseUrlAndApiKeyEnvSelectTheServer() {
        CliRun r = CliRun.run(Map.of("MY_KEY", "k"), home, "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--base-url", sim.baseUrl() + "/v1", "--api-key-env", "MY_KEY", "--model", "echo", "hello");
        assertThat(r.code()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("echo: hello");

        CliRun unset = CliRun.run(Map.of(), home, "--workspace", ws.toString(), "--config", ws.resolve("config.json").toString(),
                "--base-url", sim.baseUrl() + "/v1", "--api-key-env", "NOT_SET_ANYWHERE", "hello");
        assertThat(unset.code()).isEqualTo(RunCommand.USAGE);
        assertThat(unset.stderr()).contains("NOT_SET_ANYWHERE is not set");
    }
}
