package dev.tern.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code {{lorem}}}, {@code {{section}}}, templates in tool arguments; the writer and analyst shapes of a report. */
class GeneratedTextTest {

    static final String WRITER = """
            {"name": "writer", "match": {"userRegex": "(?i)write section"},
             "steps": [{"text": "## {{section}}\\n\\n{{lorem:120}}"}]}""";

    static final String ANALYST = """
            {"name": "analyst", "match": {"userContains": "analyse"},
             "steps": [
               {"toolCalls": [{"name": "mcp_market_quote", "arguments": {"symbol": "{{section}}"}},
                              {"name": "mcp_market_news", "arguments": {"query": "{{input}}"}},
                              {"name": "mcp_filings_latest", "arguments": {"symbol": "{{section}}"}},
                              {"name": "mcp_macro_rates", "arguments": {}}]},
               {"text": "Summary of {{toolResults}}. {{lorem}}"}
             ],
             "section": "(?i)analyse (?<section>[A-Z]+)"}""";

    static String text(HttpResponse<String> r) {
        return SimClient.json(r).get("choices").get(0).get("message").get("content").stringValue();
    }

    @Test
    void writerAnswersASectionOfTheChosenLengthDeterministically() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(Scenario.parse(WRITER)).build())) {
            SimClient c = new SimClient(server);
            String a1 = text(c.openAi(SimClient.openAiRequest("m", "Write section \"Market overview\" of the report").toString()));
            String a2 = text(c.openAi(SimClient.openAiRequest("m", "Write section \"Market overview\" of the report").toString()));
            String b = text(c.openAi(SimClient.openAiRequest("m", "Write section \"Risks\" of the report").toString()));
            assertThat(a1).startsWith("## Market overview\n\n").isEqualTo(a2);
            assertThat(b).startsWith("## Risks\n\n");
            assertThat(body(a1)).isNotEqualTo(body(b));
            assertThat(body(a1).split(" ")).hasSize(120);
            assertThat(body(a1)).matches("[A-Z][a-z]+[ ,a-zA-Z.]*\\.");
            String seeded = text(c.openAi(SimClient.openAiRequest("sim:writer,seed=42",
                    "Write section \"Market overview\" of the report").toString()));
            assertThat(body(seeded)).as("seed changes the text").isNotEqualTo(body(a1));
            assertThat(body(seeded).split(" ")).hasSize(120);
        }
    }

    private static String body(String section) { return section.substring(section.indexOf("\n\n") + 2); }

    @Test
    void writerStreamsTheSectionInManyDeltas() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(Scenario.parse(WRITER)).build())) {
            ObjectNode req = SimClient.anthropicRequest("sim:writer,tok=0", "Write section: Outlook");
            req.put("stream", true);
            List<SimClient.Event> events = SimClient.events(new SimClient(server).anthropic(req.toString()).body());
            StringBuilder sb = new StringBuilder();
            long deltas = 0;
            for (SimClient.Event e : events) {
                if (!"content_block_delta".equals(e.name())) continue;
                deltas++;
                sb.append(e.json().get("delta").get("text").stringValue());
            }
            assertThat(deltas).isGreaterThan(20);
            assertThat(sb.toString()).startsWith("## Outlook\n\n");
        }
    }

    @Test
    void analystCallsFourToolsInParallelThenSummarises() throws Exception {
        try (SimServer server = SimServer.start(SimConfig.builder().scenario(Scenario.parse(ANALYST)).build())) {
            SimClient c = new SimClient(server);
            ObjectNode req = SimClient.openAiRequest("m", "Please analyse ACME \"quarterly\" results");
            JsonNode first = SimClient.json(c.openAi(req.toString()));
            JsonNode msg = first.get("choices").get(0).get("message");
            assertThat(first.get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("tool_calls");
            JsonNode calls = msg.get("tool_calls");
            assertThat(calls).hasSize(4);
            assertThat(calls.get(0).get("function").get("arguments").stringValue()).isEqualTo("{\"symbol\":\"ACME\"}");
            assertThat(SimClient.JSON.readTree(calls.get(1).get("function").get("arguments").stringValue()).get("query")
                    .stringValue()).as("templates in arguments are JSON-escaped")
                    .isEqualTo("Please analyse ACME \"quarterly\" results");
            SimClient.appendOpenAiTurn(req, msg, List.of("q=12.5", "news: up", "10-K filed", "rates 4%"));
            String summary = text(c.openAi(req.toString()));
            assertThat(summary).startsWith("Summary of q=12.5 | news: up | 10-K filed | rates 4%. ");
            assertThat(summary.length()).as("{{lorem}} defaults to about 100 tokens").isGreaterThan(400);
            assertThat(server.stats().toolCalls()).isEqualTo(4);
        }
    }

    @Test
    void documentedReportScenariosWork() throws Exception {
        List<Scenario> report = Scenario.loadAll(java.nio.file.Path.of("..", "docs", "sim-scenarios", "report.json"));
        try (SimServer server = SimServer.start(SimConfig.builder().scenarios(report).build())) {
            SimClient c = new SimClient(server);
            String section = text(c.openAi(SimClient.openAiRequest("sim:report-writer,lat=0,tok=0,len=400",
                    "Write section \"Competition\" of the ACME report").toString()));
            assertThat(section).startsWith("## Competition\n\n");
            assertThat(dev.tern.sim.engine.Tokens.estimate(section)).isBetween(400, 420);
            ObjectNode req = SimClient.anthropicRequest("sim:report-analyst", "Analyse ACME for the report");
            JsonNode first = SimClient.json(c.anthropic(req.toString()));
            assertThat(first.get("stop_reason").stringValue()).isEqualTo("tool_use");
            assertThat(first.get("content")).hasSize(4);
            assertThat(first.get("content").get(1).get("input").get("symbol").stringValue()).isEqualTo("ACME");
            assertThat(first.get("content").get(1).get("input").get("days").asInt()).isEqualTo(7);
            SimClient.appendAnthropicTurn(req, first.get("content"), List.of("q", "n", "f", "m"));
            JsonNode second = SimClient.json(c.anthropic(req.toString()));
            assertThat(second.get("content").get(0).get("text").stringValue()).startsWith("Analysis of ACME: q | n | f | m\n\n");
        }
    }

    @Test
    void sectionRules() {
        Scenario plain = Scenario.of("p", Step.text("x"));
        assertThat(section(plain, "Write section \"Market overview\" of the report.")).isEqualTo("Market overview");
        assertThat(section(plain, "write the section: Risks and mitigations\nkeep it short")).isEqualTo("Risks and mitigations");
        assertThat(section(plain, "Section titled \u201cOutlook 2027\u201d please")).isEqualTo("Outlook 2027");
        assertThat(section(plain, "write something")).isEqualTo("<no section>");
        Scenario regex = Scenario.parse("{\"name\": \"r\", \"section\": \"## (.+)\", \"steps\": [{\"text\": \"x\"}]}");
        assertThat(section(regex, "Draft:\n## Appendix")).isEqualTo("Appendix");
        assertThat(section(regex, "section Foo")).as("a scenario regex that does not match").isEqualTo("<no section>");
        Scenario named = Scenario.parse("{\"name\": \"n\", \"match\": {\"userRegex\": \"part (?<section>\\\\d+)\"},"
                + " \"steps\": [{\"text\": \"x\"}]}");
        assertThat(section(named, "write part 3 now")).isEqualTo("3");
    }

    private static String section(Scenario s, String user) {
        Scenario withTemplate = new Scenario(s.name(), s.userContains(), s.userRegex(), s.latency(),
                List.of(Step.text("{{section}}")), s.section(), 0);
        return new dev.tern.sim.engine.Planner(Latency.ZERO).plan(withTemplate,
                dev.tern.sim.engine.Conversation.of(List.of(dev.tern.sim.engine.Turn.user(user)))).text();
    }
}
