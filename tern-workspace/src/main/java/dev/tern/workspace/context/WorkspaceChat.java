package dev.tern.workspace.context;

import dev.tern.agent.Agent;
import dev.tern.cancel.Cancellation;
import dev.tern.run.AgentListener;
import dev.tern.agent.RunRequest;
import dev.tern.run.RunResult;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.UserMessage;
import dev.tern.workspace.memory.Consolidator;
import dev.tern.store.Session;
import dev.tern.workspace.spawn.SubagentResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One conversation turn after another, wired the nanobot way: results of finished sub-agents are
 * put in front of the next user message, the session's unconsolidated history goes in, volatile
 * facts go in the runtime block (never the system prompt), the session is the run's journal (every
 * message is persisted before the loop goes on), and after the turn a background consolidation starts if the session
 * outgrew its window. The agent must take its system prompt from the same {@link ContextBuilder}
 * ({@code .systemPrompt(context.supplier())}). One turn at a time per chat.
 */
public final class WorkspaceChat {

    private final Agent agent;
    private final ContextBuilder context;
    private final Session session;
    private final Consolidator consolidator;
    private final SubagentResults subagents;
    private final int historyWindow;
    private CompletableFuture<Consolidator.Outcome> lastConsolidation;

    /**
     * @param agent         the agent (system prompt from {@code context})
     * @param context       the workspace's context builder
     * @param session       the conversation
     * @param consolidator  memory consolidation, or null for none
     * @param subagents     where spawned sub-agents report, or null when spawn is not offered
     * @param historyWindow at most this many recent unconsolidated messages are sent
     */
    public WorkspaceChat(Agent agent, ContextBuilder context, Session session, Consolidator consolidator,
                         SubagentResults subagents, int historyWindow) {
        this.agent = agent;
        this.context = context;
        this.session = session;
        this.consolidator = consolidator;
        this.subagents = subagents;
        this.historyWindow = historyWindow;
    }

    public Session session() { return session; }

    /** This conversation answered by another agent on the same context (e.g. one offered a caller's external tools). */
    public WorkspaceChat withAgent(Agent other) {
        return new WorkspaceChat(other, context, session, consolidator, subagents, historyWindow);
    }

    /**
     * Runs one turn.
     *
     * @param input     what the user said
     * @param channel   the channel (cli, telegram ...), or null
     * @param chatId    the chat id, or null
     * @param listeners extra listeners for this turn (progress display)
     */
    public RunResult send(String input, String channel, String chatId, List<AgentListener> listeners) {
        return send(input, channel, chatId, listeners, null);
    }

    /**
     * Runs one turn that {@code cancellation} can stop (Ctrl-C, a client that went away); the session is
     * the run's journal, so every step is persisted before the loop goes on and a failure to persist
     * ends the turn with that error.
     */
    public synchronized RunResult send(String input, String channel, String chatId, List<AgentListener> listeners,
                                       Cancellation cancellation) {
        String text = input;
        if (subagents != null) {
            Optional<UserMessage> note = subagents.drainAsMessage(session.key());
            if (note.isPresent()) text = note.get().text() + "\n\n" + input;
        }
        RunResult result = agent.run(new RunRequest(session.history(historyWindow), text, session.key(), context.workspace(),
                context.runtimeBlock(channel, chatId, new TurnContext.Turn(agent.name(), session.key(), input)), listeners, null,
                cancellation, session));
        if (consolidator != null) consolidator.maybeConsolidate(session).ifPresent(f -> lastConsolidation = f);
        return result;
    }

    /**
     * Continues a turn that stopped at external tool calls ({@code Outcome.TOOL_CALLS}): appends their
     * results to the session, then runs the loop on without a new user message.
     */
    public synchronized RunResult resume(List<ToolResultMessage> results, List<AgentListener> listeners, Cancellation cancellation) {
        for (ToolResultMessage r : results) session.append(r);
        RunResult result = agent.run(new RunRequest(session.history(historyWindow), null, session.key(), context.workspace(),
                null, listeners, null, cancellation, session));
        if (consolidator != null) consolidator.maybeConsolidate(session).ifPresent(f -> lastConsolidation = f);
        return result;
    }

    /** The consolidation started by the latest turn that needed one, if any (for tests and /status). */
    public synchronized Optional<CompletableFuture<Consolidator.Outcome>> lastConsolidation() {
        return Optional.ofNullable(lastConsolidation);
    }
}
