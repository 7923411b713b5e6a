package dev.tern.sim.engine;

import dev.tern.sim.Latency;
import dev.tern.sim.Scenario;
import dev.tern.sim.ScriptedCall;
import dev.tern.sim.Step;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns (scenario, conversation) into a {@link Reply}: stateless step selection and templates. */
public final class Planner {

    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(user|toolResults|toolResult:([^}]+))}}");
    private static final Step DONE = Step.text("done");

    private final Latency serverDefault;

    public Planner(Latency serverDefault) {
        this.serverDefault = serverDefault;
    }

    public Reply plan(Scenario scenario, Conversation conv) {
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
        String text = step.text() == null ? null : render(step.text(), conv);
        int tokens = Tokens.estimate(step.thinking()) + Tokens.estimate(text);
        for (ScriptedCall c : step.toolCalls()) tokens += Tokens.estimate(c.name()) + Tokens.estimate(c.arguments());
        tokens = Math.max(Math.max(tokens, step.outputTokens()), 1);
        Latency latency = step.latency().orElse(scenario.latency()).orElse(serverDefault);
        String faultKey = scenario.name() + '#' + used + '#' + conv.key();
        return new Reply(scenario.name(), used, step.thinking(), text, step.toolCalls(), tokens, false, latency,
                step == DONE ? null : step.fault(), faultKey);
    }

    static String render(String template, Conversation conv) {
        if (template.indexOf("{{") < 0) return template;
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1).equals("user")) value = conv.lastUserText();
            else if (m.group(1).equals("toolResults")) value = String.join(" | ",
                    conv.lastTurnResults().stream().map(Conversation.NamedResult::content).toList());
            else {
                String v = conv.latestByTool().get(m.group(2).trim());
                value = v == null ? "<no result for " + m.group(2).trim() + ">" : v;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
