package dev.tern.cli;

import dev.tern.tool.annotation.AnnotatedTools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.agent.Agent;
import dev.tern.run.RunResult;
import dev.tern.metrics.Metrics;
import dev.tern.llm.ModelGateway;
import dev.tern.http.HttpTransport;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.tool.annotation.Param;
import dev.tern.tool.annotation.ToolMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "As a library" example of README.md, verbatim but for the simulator's address: it must keep working. */
class ReadmeExampleTest {

    /** The README's tool class. */
    public static class WeatherTools {
        @ToolMethod(description = "Current weather for a city", readOnly = true, cacheable = true)
        public String weather(@Param(description = "city name") String city) {
            return "sunny in " + city;
        }
    }

    @Test
    void theLibraryExampleRunsAToolAndAnswers() {
        String scenario = """
                {"name": "readme", "steps": [{"toolCalls": [{"name": "weather", "arguments": {"city": "Paris"}}]},
                                             {"text": "{{toolResult:weather}}"}]}""";
        try (SimServer sim = SimServer.start(SimConfig.builder().scenario(Scenario.parse(scenario)).build());
             HttpTransport http = HttpTransport.create()) {
            Map<String, String> env = Map.of("OPENAI_BASE_URL", sim.baseUrl() + "/v1", "OPENAI_API_KEY", "k");
            // --- README.md, "As a library" ---
            Metrics metrics = new Metrics();
            ModelGateway gateway = new ModelGateway(OpenAiProvider.fromEnv(http, env), metrics);
            ToolRegistry tools = new ToolRegistry().registerAll(AnnotatedTools.from(new WeatherTools()));
            Agent agent = Agent.builder("main").model("sim:readme").gateway(gateway)
                    .executor(new ToolExecutor(metrics)).tools(tools).systemPrompt("You are helpful.").build();
            RunResult result = agent.run("What's the weather in Paris?");
            // ---
            assertThat(result.completed()).as(result.reason()).isTrue();
            assertThat(result.text()).isEqualTo("sunny in Paris");
            assertThat(metrics.count("tool.calls.weather")).isEqualTo(1);
        }
    }
}
