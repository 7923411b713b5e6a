package dev.tern.sim;

import java.util.List;

/**
 * One scripted model turn.
 *
 * @param text         answer text with templates ({@code {{user}}}, {@code {{toolResult:NAME}}},
 *                     {@code {{toolResults}}}); null when the step only calls tools
 * @param toolCalls    tool calls, in order (empty for none)
 * @param thinking     thinking text (Anthropic thinking block; OpenAI reasoning tokens), nullable
 * @param outputTokens pads reported output tokens up to this number; 0 = estimate from the output
 * @param latency      step latency (negative fields inherit), nullable
 * @param fault        fault injected at this step, nullable
 */
public record Step(String text, List<ScriptedCall> toolCalls, String thinking, int outputTokens,
                   Latency latency, Fault fault) {

    public Step {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        latency = latency == null ? Latency.INHERIT : latency;
        if (text == null && toolCalls.isEmpty() && thinking == null && fault == null)
            throw new IllegalArgumentException("a step needs 'text', 'toolCalls', 'thinking' or 'fault'");
        if (outputTokens < 0) throw new IllegalArgumentException("outputTokens must be >= 0");
    }

    public static Step text(String text) { return new Step(text, List.of(), null, 0, null, null); }

    public static Step calls(ScriptedCall... calls) { return new Step(null, List.of(calls), null, 0, null, null); }

    public Step withFault(Fault f) { return new Step(text, toolCalls, thinking, outputTokens, latency, f); }

    public Step withLatency(Latency l) { return new Step(text, toolCalls, thinking, outputTokens, l, fault); }

    /** A text-only step (no tool calls): these repeat past the end of a scenario. */
    public boolean isText() { return toolCalls.isEmpty() && text != null; }
}
