package dev.tern.sim.engine;

import dev.tern.sim.Fault;
import dev.tern.sim.Latency;
import dev.tern.sim.ScriptedCall;
import java.util.List;

/**
 * The answer the simulator is about to send, API-neutral.
 *
 * @param scenario     scenario name
 * @param stepIndex    step index used (after clamping past the end)
 * @param thinking     thinking text, nullable
 * @param text         answer text, nullable
 * @param calls        tool calls (empty for none)
 * @param outputTokens output tokens reported (thinking + text + tool calls, or the step's padding)
 * @param truncated    whether the output was cut at the request's max tokens
 * @param latency      resolved latency (no negative fields)
 * @param fault        step fault, nullable
 * @param faultKey     counter key of the step fault (scenario/step/conversation)
 */
public record Reply(String scenario, int stepIndex, String thinking, String text, List<ScriptedCall> calls,
                    int outputTokens, boolean truncated, Latency latency, Fault fault, String faultKey) {

    public Reply {
        calls = List.copyOf(calls);
    }

    public int thinkingTokens() { return thinking == null ? 0 : Tokens.estimate(thinking); }

    /** Cuts the text (and drops tool calls) so the output fits {@code maxTokens}; null = no limit. */
    public Reply limitedTo(Integer maxTokens) {
        if (maxTokens == null || maxTokens <= 0 || outputTokens <= maxTokens) return this;
        int budget = Math.max(0, maxTokens - thinkingTokens());
        String cut = text == null ? null : text.substring(0, Math.min(text.length(), budget * 4));
        return new Reply(scenario, stepIndex, thinking, cut, List.of(), maxTokens, true, latency, fault, faultKey);
    }
}
