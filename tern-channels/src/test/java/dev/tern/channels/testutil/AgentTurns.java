package dev.tern.channels.testutil;

import dev.tern.agent.Agent;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import dev.tern.channels.Reply;
import dev.tern.channels.TurnHandler;
import dev.tern.channels.TurnProgress;
import dev.tern.channels.TurnRequest;
import dev.tern.metrics.Metrics;
import dev.tern.llm.ModelGateway;
import dev.tern.model.ModelProvider;
import dev.tern.http.HttpTransport;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;
import dev.tern.sim.Scenario;
import dev.tern.sim.SimConfig;
import dev.tern.sim.SimServer;
import dev.tern.tool.ToolExecutor;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.context.ContextBuilder;
import dev.tern.workspace.context.WorkspaceChat;
import dev.tern.workspace.session.FsyncPolicy;
import dev.tern.workspace.session.FileSessionStore;
import dev.tern.workspace.skills.Requirements;
import dev.tern.workspace.skills.SkillsLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real {@link TurnHandler} for tests, as the runtime will provide one: an {@link Agent} whose model is
 * the simulator on loopback (OpenAI wire format), one {@link WorkspaceChat} per session key, sessions as
 * JSONL files in the workspace. Every request it served is recorded.
 */
public final class AgentTurns implements TurnHandler, AutoCloseable {

    public final SimServer sim;
    public final FileSessionStore sessions;
    public final List<TurnRequest> requests = new CopyOnWriteArrayList<>();
    private final HttpTransport transport = dev.tern.http.Transports.create(dev.tern.http.TransportOptions.DEFAULT.withConnectTimeout(Duration.ofSeconds(5)));
    private final Agent agent;
    private final ContextBuilder context;
    private final Map<String, WorkspaceChat> chats = new ConcurrentHashMap<>();

    /** @param stepsJson the steps of the scenario every turn plays, e.g. {@code [{"text": "hello"}]} */
    public AgentTurns(Path workspace, String stepsJson) {
        sim = SimServer.start(SimConfig.builder().build());
        sim.addScenario(Scenario.parse("{\"name\":\"assistant\",\"steps\":" + stepsJson + "}"));
        ModelProvider provider = new OpenAiProvider(transport, ProviderConfig.of("openai", sim.baseUrl() + "/v1", "sk-sim"));
        Metrics metrics = new Metrics();
        context = new ContextBuilder(workspace, new SkillsLoader(workspace, new Requirements(k -> null), true));
        agent = Agent.builder("main").model("sim:assistant").gateway(new ModelGateway(provider, metrics))
                .executor(new ToolExecutor(metrics)).tools(new ToolRegistry()).systemPrompt(context.supplier()).build();
        sessions = new FileSessionStore(workspace.resolve("sessions"), FsyncPolicy.NEVER, Duration.ofMillis(20), Clock.systemUTC());
    }

    @Override
    public Reply turn(TurnRequest req, TurnProgress progress) {
        requests.add(req);
        WorkspaceChat chat = chats.computeIfAbsent(req.sessionKey(),
                k -> new WorkspaceChat(agent, context, sessions.open(k), null, null, 50));
        AgentListener toProgress = e -> {
            if (e instanceof AgentEvent.ModelRequested) progress.typing();
            if (e instanceof AgentEvent.ToolStarted t) progress.toolHint(t.tool());
        };
        RunResult r = chat.send(req.text(), req.channel(), req.chatId(), List.of(toProgress));
        return r.completed() ? Reply.of(r.text()) : Reply.failure(r.outcome() + ": " + r.reason());
    }

    /** Model calls the simulator served. */
    public long modelCalls() { return sim.stats().requests(); }

    @Override
    public void close() {
        sessions.close();
        sim.close();
        transport.close();
    }
}
