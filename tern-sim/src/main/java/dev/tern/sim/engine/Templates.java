package dev.tern.sim.engine;

import dev.tern.sim.ModelSpec;
import dev.tern.sim.Scenario;
import dev.tern.sim.wire.SimJson;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Step templates: {@code {{user}}} / {@code {{input}}}, {@code {{toolResult:NAME}}}, {@code {{toolResults}}},
 * {@code {{lorem}}} / {@code {{lorem:N}}} and {@code {{section}}}. Text without {@code "{{"} is returned as is.
 */
final class Templates {

    /** Words of {@code {{lorem}}} when neither the template nor the model's {@code len} sets a length. */
    static final int DEFAULT_LOREM_TOKENS = 100;
    static final String NO_SECTION = "<no section>";

    private static final Pattern TEMPLATE =
            Pattern.compile("\\{\\{(user|input|toolResults|section|lorem(?::(\\d+))?|toolResult:([^}]+))}}");
    private static final Pattern SECTION = Pattern.compile("(?i)\\bsection\\b\\s*(?:(?:titled|named|called|on|about)\\s+)?"
            + "[:\\-\u2013\u2014]?\\s*(?:[\"\u201c\u2018'\u00ab]([^\"\u201d\u2019'\u00bb\\n]+)[\"\u201d\u2019'\u00bb]|([^\\n.!?]+))");

    private Templates() { }

    /**
     * @param json when true, substituted values are JSON-string escaped (for tool-call arguments)
     * @param seed request seed of generated text (each {@code {{lorem}}} occurrence gets its own)
     */
    static String render(String template, Conversation conv, Scenario scenario, ModelSpec spec, LongSupplier seed,
                         boolean json) {
        if (template.indexOf("{{") < 0) return template;
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder sb = new StringBuilder();
        int occurrence = 0;
        while (m.find()) {
            String name = m.group(1);
            String value;
            if (name.equals("user") || name.equals("input")) value = conv.lastUserText();
            else if (name.equals("toolResults")) value = String.join(" | ",
                    conv.lastTurnResults().stream().map(Conversation.NamedResult::content).toList());
            else if (name.equals("section")) value = section(scenario, conv.lastUserText());
            else if (name.startsWith("lorem")) {
                long s = Lorem.mix(seed.getAsLong() + 31L * occurrence++);
                if (m.group(2) != null) value = Lorem.words(s, parseCount(m.group(2)));
                else value = Lorem.tokens(s, spec.length() >= 0 ? spec.length() : DEFAULT_LOREM_TOKENS);
            } else {
                String v = conv.latestByTool().get(m.group(3).trim());
                value = v == null ? "<no result for " + m.group(3).trim() + ">" : v;
            }
            if (json) {
                String q = SimJson.quote(value);
                value = q.substring(1, q.length() - 1);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The section title the user message asks for (see {@code docs/SIMULATOR.md}), or {@link #NO_SECTION}. */
    static String section(Scenario scenario, String text) {
        Pattern p = scenario.section();
        if (p == null && scenario.userRegex() != null && scenario.userRegex().namedGroups().containsKey("section"))
            p = scenario.userRegex();
        if (p != null) {
            Matcher m = p.matcher(text);
            if (!m.find()) return NO_SECTION;
            String g = p.namedGroups().containsKey("section") ? m.group("section")
                    : m.groupCount() >= 1 ? m.group(1) : m.group();
            return g == null || g.isBlank() ? NO_SECTION : g.strip();
        }
        Matcher m = SECTION.matcher(text);
        if (!m.find()) return NO_SECTION;
        String g = (m.group(1) != null ? m.group(1) : m.group(2)).strip();
        return g.isEmpty() ? NO_SECTION : g;
    }

    private static int parseCount(String digits) {
        return digits.length() > 6 ? Lorem.MAX_WORDS : Integer.parseInt(digits);
    }
}
