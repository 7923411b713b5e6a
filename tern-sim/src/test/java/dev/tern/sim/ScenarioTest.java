package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {

    @Test
    void parsesTheDocumentedFormatIncludingComments() {
        Scenario s = Scenario.parse("""
                {
                  "name": "weather",
                  "match": {"userContains": "Weather"},            // case-insensitive
                  "latency": {"ttftMs": 200},                       // tokenMs inherits
                  "steps": [
                    {"toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}},
                                   {"name": "read_file", "rawArguments": "{\\"path\\": \\"a.txt\\""}],
                     "fault": {"type": "status", "status": 429, "retryAfter": 1, "times": 1}},
                    {"text": "ok", "thinking": "hmm", "outputTokens": 50, "latency": {"tokenMs": 3}}
                  ]
                }""");
        assertThat(s.name()).isEqualTo("weather");
        assertThat(s.matches("what's the WEATHER like?")).isTrue();
        assertThat(s.matches("hello")).isFalse();
        assertThat(s.latency()).isEqualTo(new Latency(200, -1));
        assertThat(s.latency().orElse(new Latency(0, 7))).isEqualTo(new Latency(200, 7));
        Step first = s.steps().get(0);
        assertThat(first.toolCalls()).extracting(ScriptedCall::name).containsExactly("get_weather", "read_file");
        assertThat(first.toolCalls().get(0).arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(first.toolCalls().get(1).arguments()).isEqualTo("{\"path\": \"a.txt\"");
        assertThat(first.fault().type()).isEqualTo(Fault.Type.STATUS);
        assertThat(first.fault().retryAfter()).isEqualTo("1");
        assertThat(first.fault().times()).isEqualTo(1);
        Step second = s.steps().get(1);
        assertThat(second.outputTokens()).isEqualTo(50);
        assertThat(second.thinking()).isEqualTo("hmm");
        assertThat(second.latency()).isEqualTo(new Latency(-1, 3));
    }

    @Test
    void badScenariosFailWithOneLineReasons() {
        assertThatThrownBy(() -> Scenario.parse("{\"steps\": [{\"text\": \"x\"}]}"))
                .hasMessage("scenario needs a 'name'");
        assertThatThrownBy(() -> Scenario.parse("{\"name\": \"a\", \"steps\": []}"))
                .hasMessage("scenario 'a': 'steps' must be a non-empty array");
        assertThatThrownBy(() -> Scenario.parse("{\"name\": \"a\", \"steps\": [{\"toolCalls\": [{\"arguments\": {}}]}]}"))
                .hasMessage("scenario 'a' step 0: toolCalls[0] needs a 'name'");
        assertThatThrownBy(() -> Scenario.parse("{\"name\": \"a\", \"steps\": [{\"text\": \"x\", \"fault\": {\"type\": \"boom\"}}]}"))
                .hasMessageContaining("scenario 'a' step 0").hasMessageContaining("unknown fault type 'boom'");
        assertThatThrownBy(() -> Scenario.parse("{\"name\": \"a\", \"steps\": [{}]}"))
                .hasMessageContaining("step 0").hasMessageContaining("needs 'text'");
        assertThatThrownBy(() -> Scenario.parse("{\"name\": \"a\", \"match\": {\"userRegex\": \"(\"}, \"steps\": [{\"text\": \"x\"}]}"))
                .hasMessageContaining("bad userRegex");
        assertThatThrownBy(() -> Scenario.parse("{not json")).hasMessageStartingWith("scenario is not valid JSON");
        assertThatThrownBy(() -> Scenario.parse("{\"name\": \"a\", \"steps\": [{\"text\": \"x\", \"fault\": {\"type\": \"status\", \"status\": 200}}]}"))
                .hasMessageContaining("status fault needs a status 400..599");
        for (String bad : List.of("{\"steps\": [{\"text\": \"x\"}]}", "{not json"))
            assertThatThrownBy(() -> Scenario.parse(bad)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void documentedExampleScenariosAreValid() throws Exception {
        Path dir = Path.of("..", "docs", "sim-scenarios");
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        List<String> names = new java.util.ArrayList<>();
        for (Path f : files) Scenario.loadAll(f).forEach(s -> names.add(s.name()));
        assertThat(names).contains("weather", "workspace", "rate-limited-once", "malformed-arguments", "report-writer",
                "report-analyst").doesNotHaveDuplicates();
    }

    @Test
    void loadsFilesWithOneOrManyScenarios(@TempDir Path dir) throws Exception {
        Path one = Files.writeString(dir.resolve("one.json"), "{\"name\": \"one\", \"steps\": [{\"text\": \"1\"}]}");
        Path many = Files.writeString(dir.resolve("many.json"),
                "[{\"name\": \"a\", \"steps\": [{\"text\": \"1\"}]}, {\"name\": \"b\", \"steps\": [{\"text\": \"2\"}]}]");
        assertThat(Scenario.load(one).name()).isEqualTo("one");
        assertThat(Scenario.loadAll(many)).extracting(Scenario::name).containsExactly("a", "b");
        assertThatThrownBy(() -> Scenario.load(many)).hasMessageContaining("expected one scenario, found 2");
        assertThatThrownBy(() -> Scenario.load(dir.resolve("missing.json"))).hasMessageContaining("cannot read scenario file");
    }
}
