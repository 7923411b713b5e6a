package dev.tern.sim.engine;

import dev.tern.sim.Latency;
import dev.tern.sim.ModelSpec;
import dev.tern.sim.Scenario;
import dev.tern.sim.ScriptedCall;
import dev.tern.sim.Step;
import java.util.ArrayList;
import java.util.List;

/** Turns (scenario, conversation, model options) into a {@link Reply}: stateless step selection and templates. */
public final class Planner {

    private static final Step DONE = Step.text("done");

    private final Latency serverDefault;

    public Planner(Latency serverDefault) {
        this.serverDefault = serverDefault;
    }

    public Reply plan(Scenario scenario, Conversation conv) {
        return plan(scenario, conv, ModelSpec.plain(null));
    }

    /**
     * @param spec the requested model's options: {@code lat}/{@code tok} sit between the step's latency and the
     *             scenario's; {@code len}/{@code seed} shape generated text
     */
    public Reply plan(Scenario scenario, Conversation conv, ModelSpec spec) {
        List<Step> steps = scenario.steps();
        int index = conv.stepIndex();
        Step step;
        int used;
        if (index < steps.size()) {
            step = steps.get(index);
            used = index;
        } else {
            Step lastStep = steps.get(steps.size() - 1);
            used = steps.size() - 1;
            step = lastStep.isText() ? lastStep : DONE;
        }
        int stepUsed = used;
        java.util.function.LongSupplier seed = () -> seed(scenario, conv, stepUsed, spec);
        String text = step.text() == null ? null : Templates.render(step.text(), conv, scenario, spec, seed, false);
        List<ScriptedCall> calls = step.toolCalls();
        for (int i = 0; i < calls.size(); i++) {
            ScriptedCall c = calls.get(i);
            if (c.arguments().contains("{{")) {
                List<ScriptedCall> rendered = new ArrayList<>(calls);
                for (int k = i; k < calls.size(); k++) {
                    ScriptedCall ck = calls.get(k);
                    long salt = 7919L * (k + 1);
                    rendered.set(k, new ScriptedCall(ck.name(), Templates.render(ck.arguments(), conv, scenario, spec,
                            () -> seed.getAsLong() + salt, true)));
                }
                calls = rendered;
                break;
            }
        }
        int tokens = Tokens.estimate(step.thinking()) + Tokens.estimate(text);
        for (ScriptedCall c : calls) tokens += Tokens.estimate(c.name()) + Tokens.estimate(c.arguments());
        tokens = Math.max(Math.max(tokens, step.outputTokens()), 1);
        Latency latency = step.latency().orElse(spec.latency()).orElse(scenario.latency()).orElse(serverDefault);
        String faultKey = scenario.name() + '#' + used + '#' + conv.key();
        return new Reply(scenario.name(), used, step.thinking(), text, calls, tokens, false, latency,
                step == DONE ? null : step.fault(), faultKey);
    }

    /** Seed of generated text: the conversation (first and last user text), the step, the scenario and {@code seed}. */
    private static long seed(Scenario scenario, Conversation conv, int step, ModelSpec spec) {
        long h = fnv(0xcbf29ce484222325L, scenario.name());
        h = fnv(h, conv.firstUserText());
        h = fnv(h, conv.lastUserText());
        return Lorem.mix(h ^ (step * 0x9e3779b97f4a7c15L) ^ spec.seed());
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h * 0x100000001b3L;
    }
}
