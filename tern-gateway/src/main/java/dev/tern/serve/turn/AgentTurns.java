package dev.tern.serve.turn;

import dev.tern.agent.Agent;
import dev.tern.agent.RunRequest;
import dev.tern.model.AssistantMessage;
import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import dev.tern.model.ToolResultMessage;
import dev.tern.model.ToolSpec;
import dev.tern.run.RunResult;
import dev.tern.runtime.WorkspaceRuntime;
import dev.tern.store.Session;
import dev.tern.tool.ToolRegistry;
import dev.tern.workspace.context.WorkspaceChat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a turn with an agent the way every front-end does: with a session, through the workspace's chat
 * (history window, runtime block, sub-agent results, the session as the run's journal, consolidation);
 * without one, on the history the caller sent. The caller's own tools are offered next to the server's
 * (a per-turn variant of the agent) and their calls end the run; their results continue it.
 */
public final class AgentTurns {

    private AgentTurns() { }

    /**
     * @throws IllegalArgumentException when a client tool clashes with a server tool, or tool results answer nothing pending
     */
    public static RunResult run(WorkspaceRuntime space, Agent base, Turn t) {
        Agent agent = variant(base, t);
        if (t.sessionKey() != null) {
            WorkspaceChat chat = space.chat(t.sessionKey()).withAgent(agent);
            if (!t.toolResults().isEmpty()) {
                return chat.resume(answering(pendingCalls(chat.session().messages()), t.toolResults()), t.listeners(), t.cancellation());
            }
            return chat.send(t.input(), t.channel(), t.chatId(), t.listeners(), t.cancellation());
        }
        List<Message> history = new ArrayList<>(t.history());
        if (!t.toolResults().isEmpty()) history.addAll(answering(pendingCalls(history), t.toolResults()));
        String block = space.context().runtimeBlock(t.channel(), t.chatId());
        if (t.instructions() != null && !t.instructions().isBlank()) {
            block = "Instructions from the client:\n" + t.instructions().strip() + (block == null ? "" : "\n\n" + block);
        }
        return agent.run(new RunRequest(history, t.input(), null, space.workspace(), t.input() == null ? null : block,
                t.listeners(), null, t.cancellation(), null));
    }

    /** The agent as this turn needs it: the caller's tools added, the request's model options applied. */
    static Agent variant(Agent base, Turn t) {
        if (t.clientTools().isEmpty() && t.options().temperature() == null && t.options().maxOutputTokens() == null) return base;
        Agent.Builder b = base.toBuilder();
        if (!t.clientTools().isEmpty()) {
            ToolRegistry tools = new ToolRegistry().registerAll(base.tools().tools());
            for (ToolSpec s : t.clientTools()) {
                if (base.tools().find(s.name()).isPresent()) {
                    throw new IllegalArgumentException("tool '" + s.name() + "' is one of the server's own tools: give the client's function another name");
                }
                tools.register(new ClientTool(s));
            }
            b.tools(tools);
        }
        if (t.options().temperature() != null) b.temperature(t.options().temperature());
        if (t.options().maxOutputTokens() != null) b.maxOutputTokens(t.options().maxOutputTokens());
        return b.build();
    }

    /** The calls of the conversation's last answer that have no result yet, by id (in call order). */
    static Map<String, ToolCall> pendingCalls(List<Message> messages) {
        Map<String, ToolCall> pending = new LinkedHashMap<>();
        for (int i = messages.size() - 1; i >= 0; i--) {
            Message m = messages.get(i);
            if (m instanceof AssistantMessage a) {
                for (ToolCall c : a.toolCalls()) pending.put(c.id(), c);
                for (int j = i + 1; j < messages.size(); j++) {
                    if (messages.get(j) instanceof ToolResultMessage r) pending.remove(r.toolCallId());
                }
                return pending;
            }
            if (!(m instanceof ToolResultMessage)) return pending;
        }
        return pending;
    }

    /** The results with the names of the calls they answer; every pending call must be answered. */
    static List<ToolResultMessage> answering(Map<String, ToolCall> pending, List<ToolResultMessage> results) {
        Map<String, ToolCall> open = new LinkedHashMap<>(pending);
        List<ToolResultMessage> out = new ArrayList<>(results.size());
        for (ToolResultMessage r : results) {
            ToolCall c = open.remove(r.toolCallId());
            if (c == null) {
                throw new IllegalArgumentException("tool_call_id '" + r.toolCallId() + "' answers no pending tool call"
                        + (pending.isEmpty() ? " (the last answer called no tool)" : " (pending: " + String.join(", ", pending.keySet()) + ")"));
            }
            out.add(new ToolResultMessage(r.toolCallId(), c.name(), r.content(), r.error()));
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("missing results for tool calls: " + String.join(", ", open.keySet()));
        }
        return out;
    }

    /** The session's pending calls (for a caller that checks before it starts a turn). */
    public static Map<String, ToolCall> pendingCalls(Session session) { return pendingCalls(session.messages()); }
}
