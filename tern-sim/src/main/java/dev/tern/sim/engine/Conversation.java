package dev.tern.sim.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the planner needs from a request, derived statelessly from its messages.
 *
 * @param firstUserText   text of the first user message ("" when none)
 * @param lastUserText    text of the last user message ("" when none)
 * @param stepIndex       assistant messages after the last user message
 * @param lastTurnResults tool results after the last assistant message, in request order
 * @param latestByTool    content of the latest tool result per tool name
 */
public record Conversation(String firstUserText, String lastUserText, int stepIndex,
                           List<NamedResult> lastTurnResults, Map<String, String> latestByTool) {

    /** A tool result with the name of the tool that produced it ("?" when the call is unknown). */
    public record NamedResult(String tool, String content) { }

    public static Conversation of(List<Turn> turns) {
        String first = null;
        String last = "";
        int lastUser = -1;
        int lastAssistant = -1;
        Map<String, String> nameById = new HashMap<>();
        Map<String, String> latest = new HashMap<>();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            switch (t.kind()) {
                case USER -> {
                    if (first == null) first = t.text();
                    last = t.text();
                    lastUser = i;
                }
                case ASSISTANT -> {
                    lastAssistant = i;
                    for (Turn.Call c : t.calls()) nameById.put(c.id(), c.name());
                }
                case TOOL -> {
                    for (Turn.Result r : t.results()) latest.put(nameById.getOrDefault(r.callId(), "?"), r.content());
                }
            }
        }
        int steps = 0;
        for (int i = lastUser + 1; i < turns.size(); i++) if (turns.get(i).kind() == Turn.Kind.ASSISTANT) steps++;
        List<NamedResult> lastResults = new ArrayList<>();
        for (int i = Math.max(lastAssistant, lastUser) + 1; i < turns.size(); i++) {
            for (Turn.Result r : turns.get(i).results())
                lastResults.add(new NamedResult(nameById.getOrDefault(r.callId(), "?"), r.content()));
        }
        return new Conversation(first == null ? "" : first, last, steps, List.copyOf(lastResults), Map.copyOf(latest));
    }

    /** Stable 64-bit key of the conversation (FNV-1a of the first user message). */
    public String key() {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < firstUserText.length(); i++) {
            h ^= firstUserText.charAt(i);
            h *= 0x100000001b3L;
        }
        return Long.toHexString(h);
    }
}
