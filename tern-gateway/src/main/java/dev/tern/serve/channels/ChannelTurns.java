package dev.tern.serve.channels;

import dev.tern.channels.Reply;
import dev.tern.channels.TurnHandler;
import dev.tern.channels.TurnProgress;
import dev.tern.channels.TurnRequest;
import dev.tern.model.AssistantMessage;
import dev.tern.run.AgentEvent;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.serve.observe.Telemetry;
import dev.tern.serve.turn.MainAgentSource;
import dev.tern.serve.turn.Responder;
import dev.tern.serve.turn.Responders;
import dev.tern.serve.turn.Turn;
import dev.tern.serve.turn.TurnService;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runtime side of {@link TurnHandler}: channel messages, cron jobs and heartbeat checks become ordinary
 * turns of the served workspace's default agent, in the session {@code <channel>:<chatId>}, through the same
 * {@link TurnService} as HTTP requests (one turn at a time per session, drained at shutdown).
 */
public final class ChannelTurns implements TurnHandler {

    private final Supplier<WorkspaceRuntime> space;
    private final Responders responders;
    private final TurnService turns;
    private final Telemetry telemetry;

    public ChannelTurns(Supplier<WorkspaceRuntime> space, Responders responders, TurnService turns, Telemetry telemetry) {
        this.space = space;
        this.responders = responders;
        this.turns = turns;
        this.telemetry = telemetry;
    }

    @Override
    public Reply turn(TurnRequest request, TurnProgress progress) {
        try {
            WorkspaceRuntime ws = space.get();
            Responder main = responders.find(ws, MainAgentSource.MODEL).orElseThrow();
            AgentListener shown = e -> {
                switch (e) {
                    case AgentEvent.ModelRequested m -> progress.typing();
                    case AgentEvent.ToolStarted t -> progress.toolHint(t.tool() + "(" + shorten(t.argumentsJson()) + ")");
                    case AgentEvent.MessageAdded m when m.message() instanceof AssistantMessage a && a.hasToolCalls() && !a.text().isBlank() ->
                            progress.progress(a.text());
                    default -> { }
                }
            };
            RunResult r = turns.run(ws, main, Turn.inSession(request.sessionKey(), request.text(), request.channel(), request.chatId(),
                    List.of(shown, telemetry.turn(null, ws.gateway().providerFor(ws.model()).name(), request.sessionKey())), null));
            return r.completed() ? Reply.of(r.text()) : Reply.failure(r.reason() == null ? r.outcome().name().toLowerCase() : r.reason());
        } catch (RuntimeException e) {
            return Reply.failure(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static String shorten(String args) {
        if (args == null) return "";
        return args.length() > 80 ? args.substring(0, 80) + "…" : args;
    }
}
