package dev.tern.bench.research;

import dev.tern.json.Json;
import dev.tern.workspace.config.ConfigLoader;
import dev.tern.workspace.permission.ApprovalStore;
import dev.tern.sim.Scenario;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workspace for the research flow (Navam, seed 004): three analyst agents and a writer in
 * {@code agents/}, the {@code research} workflow in {@code workflows/}, the market MCP server in
 * {@code .mcp.json} (this class path's {@link MarketMcpServer} as a stdio child), and the simulator
 * scenarios that script the agents.
 */
public final class ResearchWorkspace {

    public static final List<String> ANALYSTS = List.of("fundamentals", "news", "risk");
    public static final String WORKFLOW = "research";

    private final Path dir;
    private final ResearchShape shape;
    private final Path countFile;

    private ResearchWorkspace(Path dir, ResearchShape shape) {
        this.dir = dir;
        this.shape = shape;
        this.countFile = dir.resolve(".tern").resolve("market-executions.log");
    }

    /** Writes the workspace into {@code dir} (created if needed). */
    public static ResearchWorkspace create(Path dir, ResearchShape shape) throws IOException {
        ResearchWorkspace w = new ResearchWorkspace(dir, shape);
        w.write();
        return w;
    }

    public Path dir() { return dir; }

    /** The user folder ({@code TERN_USER_DIR}) where the workspace's MCP server is approved. */
    public Path userDir() { return dir.resolve(".tern").resolve("user"); }

    /** The environment of a run in this workspace against the simulator at {@code simBaseUrl}. */
    public Map<String, String> env(String simBaseUrl) {
        return Map.of("OPENAI_BASE_URL", simBaseUrl + "/v1", "OPENAI_API_KEY", "sim", "TERN_USER_DIR", userDir().toString());
    }

    public ResearchShape shape() { return shape; }

    /** Executions the MCP server performed so far (it appends one line per execution). */
    public long executions() throws IOException {
        return Files.exists(countFile) ? Files.readAllLines(countFile).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    /** The simulator scenarios that script the analysts and the writer. */
    public List<Scenario> scenarios() {
        List<Scenario> out = new ArrayList<>();
        StringBuilder calls = new StringBuilder();
        for (String t : MarketMcpServer.TOOLS) {
            if (!calls.isEmpty()) calls.append(", ");
            calls.append("{\"name\": \"mcp_market_").append(t).append("\", \"arguments\": {\"symbol\": \"{{section}}\"}}");
        }
        out.add(Scenario.parse("""
                {"name": "research-analyst", "section": "(?<section>[A-Z][A-Z0-9.]{0,9})\\\\s*$",
                 "steps": [{"toolCalls": [%s]},
                           {"text": "Analysis of {{section}} from {{toolResults}}.\\n\\n{{lorem:%d}}"}]}""".formatted(calls, shape.analystWords())));
        int i = 0;
        StringBuilder full = new StringBuilder();
        for (Map.Entry<String, Integer> s : shape.sectionWords().entrySet()) {
            i++;
            out.add(Scenario.parse("""
                    {"name": "research-section-%d", "match": {"userRegex": "^Write section \\"%s\\""},
                     "steps": [{"text": "## %s\\n\\n{{lorem:%d}}"}]}""".formatted(i, s.getKey(), s.getKey(), s.getValue())));
            full.append("## ").append(s.getKey()).append("\\n\\n{{lorem:").append(s.getValue()).append("}}\\n\\n");
        }
        out.add(Scenario.parse("""
                {"name": "research-report", "match": {"userRegex": "^Write the full report"},
                 "steps": [{"text": "%s"}]}""".formatted(full)));
        return out;
    }

    /** The model string of the analysts. */
    public String analystModel() {
        return "sim:research-analyst,lat=" + shape.analystTtftMs() + ",tok=" + shape.analystTokenMs();
    }

    /** The model string of the writer (sections are told apart by the simulator's match rules). */
    public String writerModel() { return "sim:,lat=" + shape.writerTtftMs() + ",tok=" + shape.writerTokenMs(); }

    private void write() throws IOException {
        Files.createDirectories(dir.resolve("agents"));
        Files.createDirectories(dir.resolve("workflows"));
        Files.createDirectories(countFile.getParent());
        Files.deleteIfExists(countFile);
        agent("fundamentals", "Analyses a company's fundamentals: revenue, margins, debt and valuation.",
                "[fundamentals, revenue, margin, valuation, financials, earnings]");
        agent("news", "Reads the latest news about a company and judges what it means for the business.",
                "[news, headlines, press, announcement]");
        agent("risk", "Assesses the risks of investing in a company: leverage, management changes, competition.",
                "[risk, risks, downside, leverage, threat]");
        Files.writeString(dir.resolve("agents/writer.md"), """
                ---
                name: writer
                description: Writes investment research reports section by section from the analysts' findings.
                keywords: [report, write, summary]
                tools: []
                model: %s
                ---
                You write clear, factual investment research. Write only the section you are asked for.
                """.formatted(writerModel()));
        StringBuilder gather = new StringBuilder();
        for (String t : MarketMcpServer.TOOLS) gather.append("  - {tool: mcp_market_").append(t).append(", args: {symbol: \"{{input}}\"}}\n");
        Files.writeString(dir.resolve("workflows/research.md"), """
                ---
                name: research
                description: Research a company (gather, three analysts in parallel, a report by sections)
                gather:
                %ssteps:
                  - parallel: [fundamentals, news, risk]
                  - report:
                      agent: writer
                      sections: [%s]
                      file: reports/{{input}}.md
                      concurrency: %d
                    maxInputTokens: 3000
                ---
                """.formatted(gather, String.join(", ", shape.titles()), shape.concurrency()));
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("command", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        server.put("args", List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath(),
                MarketMcpServer.class.getName()));
        server.put("env", Map.of("LATENCY_MS", String.valueOf(shape.toolMs()), "COUNT_FILE", countFile.toString()));
        Files.writeString(dir.resolve(".mcp.json"), Json.write(Map.of("mcpServers", Map.of("market", server))));
        Files.writeString(dir.resolve("config.json"), "{}");
        // the workspace's own MCP server is approved, as a user would in tern chat, in a user folder of its own
        // (TERN_USER_DIR), never the real ~/.tern
        var market = ConfigLoader.loadMcpJson(dir.resolve(".mcp.json")).get("market");
        ApprovalStore.inUserDir(userDir()).approve(dir, "mcp:market", market.fingerprint());
    }

    private void agent(String name, String description, String keywords) throws IOException {
        Files.writeString(dir.resolve("agents/" + name + ".md"), """
                ---
                name: %s
                description: %s
                keywords: %s
                tools: [mcp_market_*]
                model: %s
                ---
                You are the %s analyst of an investment research team. Use the market tools (call them all in one turn),
                then give a short, factual analysis.
                """.formatted(name, description, keywords, analystModel(), name));
    }

    /** This process's class path with absolute entries (the MCP server is started from it). */
    static String classPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isBlank()) out.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, out);
    }
}
