package dev.tern.orchestration.support;

import dev.tern.cache.ToolResultCache;
import dev.tern.embed.EmbeddingException;
import dev.tern.llm.ModelGateway;
import dev.tern.metrics.Metrics;
import dev.tern.model.ToolSpec;
import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.tiers.ModelTiers;
import dev.tern.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.run.RunLimits;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tokens.Tokenizers;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workspace on the simulator over loopback HTTP: the real provider, one gateway, one executor with the
 * tool-result cache, a registry with slow read-only lookup tools that count their executions.
 */
public final class SimRig implements AutoCloseable {

    /** A read-only, cacheable tool that sleeps and counts its real executions. */
    public static final class Lookup implements Tool {
        private final String name;
        private final long ms;
        public final AtomicInteger executions = new AtomicInteger();

        public Lookup(String name, long ms) {
            this.name = name;
            this.ms = ms;
        }

        @Override
        public ToolSpec spec() {
            return new ToolSpec(name, "Looks up " + name, "{\"type\":\"object\",\"properties\":{\"symbol\":{\"type\":\"string\"}}}");
        }

        @Override
        public ToolTraits traits() { return new ToolTraits(true, false, true, Duration.ofSeconds(30), null); }

        @Override
        public ToolResult execute(ToolCallContext call) throws Exception {
            executions.incrementAndGet();
            Thread.sleep(ms);
            return ToolResult.ok(name + " of " + call.string("symbol"));
        }
    }

    public final SimServer sim;
    public final HttpTransport http = HttpTransport.create();
    public final Metrics metrics = new Metrics();
    public final ModelGateway gateway;
    public final ToolExecutor executor = new ToolExecutor(metrics);
    public final ToolRegistry tools = new ToolRegistry();
    public final Path workspace;
    public final List<Lookup> lookups;

    public SimRig(Path workspace, List<Scenario> scenarios, long lookupMs) {
        SimConfig.Builder b = SimConfig.builder();
        scenarios.forEach(b::scenario);
        this.sim = SimServer.start(b.build());
        this.gateway = new ModelGateway(OpenAiProvider.fromEnv(http, Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1",
                "OPENAI_API_KEY", "test")), metrics);
        executor.addInterceptor(new ToolResultCache(metrics));
        this.workspace = workspace;
        this.lookups = List.of(new Lookup("get_profile", lookupMs), new Lookup("get_financials", lookupMs),
                new Lookup("get_news", lookupMs), new Lookup("get_ratings", lookupMs));
        tools.registerAll(lookups);
    }

    public int executions() { return lookups.stream().mapToInt(l -> l.executions.get()).sum(); }

    public Orchestration orchestration(ModelTiers tiers) {
        return new Orchestration(new Orchestration.Setup(workspace, gateway, executor, tools, "sim:echo", RunLimits.DEFAULT, null,
                tiers, new Tokenizers().forModel("gpt-4o"), () -> {
                    throw new EmbeddingException("no embedding model in this test");
                }));
    }

    public void write(String rel, String text) throws IOException {
        Path p = workspace.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** The four lookups as scripted tool calls for {@code symbol}. */
    public static String lookupCalls(String symbol) {
        return "[{\"name\": \"get_profile\", \"arguments\": {\"symbol\": \"" + symbol + "\"}},"
                + "{\"name\": \"get_financials\", \"arguments\": {\"symbol\": \"" + symbol + "\"}},"
                + "{\"name\": \"get_news\", \"arguments\": {\"symbol\": \"" + symbol + "\"}},"
                + "{\"name\": \"get_ratings\", \"arguments\": {\"symbol\": \"" + symbol + "\"}}]";
    }

    @Override
    public void close() {
        sim.close();
        http.close();
    }
}
