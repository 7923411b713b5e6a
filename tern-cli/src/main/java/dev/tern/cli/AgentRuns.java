package dev.tern.cli;

import dev.tern.cancel.Cancellation;
import dev.tern.agent.RunRequest;
import dev.tern.orchestration.Orchestration;
import dev.tern.orchestration.agents.AgentDefinition;
import dev.tern.orchestration.agents.AgentRun;
import dev.tern.run.AgentListener;
import dev.tern.run.RunResult;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** {@code tern run --agent NAME|auto}: the translation from the command line to the orchestration. */
final class AgentRuns {

    private AgentRuns() { }

    /**
     * Resolves {@code name} (routing first for {@code auto}), reports problems, the route and the model
     * choice through {@code notices}, and runs the agent one-shot on the shared gateway and executor.
     */
    static RunResult run(Orchestration o, String name, String input, String session, List<AgentListener> listeners,
                         Cancellation cancellation, Consumer<String> notices) {
        o.catalog().problems().forEach(p -> notices.accept((p.fatal() ? "" : "note: ") + p));
        AgentDefinition d = o.resolve(name, input, r -> notices.accept(String.format(Locale.ROOT,
                "routed to %s (confidence %.2f, %s): %s", r.agent(), r.confidence(), r.method(), r.reason())));
        AgentRun run = o.run(d, RunRequest.of(input).withSession(session).withListeners(listeners).withCancellation(cancellation), notices);
        return run.result();
    }
}
