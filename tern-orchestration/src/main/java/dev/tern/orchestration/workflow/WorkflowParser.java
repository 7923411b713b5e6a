package dev.tern.orchestration.workflow;

import dev.tern.json.Json;
import dev.tern.json.JsonObject;
import dev.tern.orchestration.files.DefinitionException;
import dev.tern.orchestration.files.Fields;
import dev.tern.workspace.skills.FrontMatter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code workflows/<name>.md}:
 * <pre>
 * name: research
 * description: Research a company
 * maxSteps: 10                 # optional length limit (default 10, at most 50)
 * gather:
 *   - {tool: mcp_market_get_profile, args: {symbol: "{{input}}"}}
 * steps:
 *   - parallel: [fundamentals, news, risk]
 *   - agent: editor
 *     maxInputTokens: 3000       # what it receives from the previous step, in tokens
 *     passing: summarize         # or truncate (default)
 *   - report:
 *       agent: writer
 *       sections: [Executive Summary, Fundamentals, News, Risks, Verdict]
 *       file: reports/{{input}}.md
 *       concurrency: 4           # sections generated at once (default 4)
 * </pre>
 */
public final class WorkflowParser {

    /** Default and hard limits of a workflow's length (claude-force had none: seed 003 4.1). */
    public static final int DEFAULT_MAX_STEPS = 10, HARD_MAX_STEPS = 50, MAX_PARALLEL = 16, MAX_SECTIONS = 50;
    public static final int DEFAULT_SECTION_CONCURRENCY = 4;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Set<String> STEP_KEYS = Set.of("parallel", "agent", "report", "maxInputTokens", "passing");

    private WorkflowParser() { }

    /** @throws DefinitionException with the line in the file and a one-line reason */
    public static WorkflowDefinition parse(Path file, String text) {
        FrontMatter fm = Fields.frontMatter(text, "a workflow file starts with '---', then name, description and steps, then '---'");
        Fields f = new Fields(fm.fields(), text);
        String name = f.string("name", file.getFileName().toString().replaceFirst("\\.md$", ""));
        if (!NAME.matcher(name).matches()) throw f.error("name", "must be 1-64 letters, digits, '-', '_' or '.'");
        int maxSteps = f.integer("maxSteps", DEFAULT_MAX_STEPS, 1, HARD_MAX_STEPS);
        List<WorkflowDefinition.GatherCall> gather = gather(f);
        Object rawSteps = fm.fields().get("steps");
        if (!(rawSteps instanceof List<?> list) || list.isEmpty()) throw new DefinitionException(f.lineOf("steps"),
                "'steps' is required: a list of {parallel: [...]}, {agent: NAME} or {report: {...}}");
        if (list.size() > maxSteps) throw f.error("steps", "has " + list.size() + " steps, more than the limit of " + maxSteps
                + " (raise maxSteps, at most " + HARD_MAX_STEPS + ")");
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) steps.add(step(f, list.get(i), i + 1));
        return new WorkflowDefinition(name, f.string("description", ""), gather, steps, fm.body(), file);
    }

    private static List<WorkflowDefinition.GatherCall> gather(Fields f) {
        Object g = f.raw().get("gather");
        if (g == null || g instanceof String s && s.isBlank()) return List.of();
        if (!(g instanceof List<?> calls)) throw f.error("gather", "must be a list of {tool: NAME, args: {...}}");
        List<WorkflowDefinition.GatherCall> out = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            if (!(calls.get(i) instanceof Map<?, ?> m) || !(m.get("tool") instanceof String tool) || tool.isBlank()) {
                throw f.error("gather", "entry " + (i + 1) + " must be {tool: NAME, args: {...}}");
            }
            Object args = m.containsKey("args") ? m.get("args") : m.get("arguments");
            if (args != null && !(args instanceof Map) && !(args instanceof String s && s.isEmpty())) {
                throw f.error("gather", "entry " + (i + 1) + " (" + tool + "): args must be a mapping");
            }
            JsonObject o = args instanceof Map<?, ?> am ? Json.toObject(Json.MAPPER.valueToTree(am)) : JsonObject.EMPTY;
            out.add(new WorkflowDefinition.GatherCall(tool.strip(), o));
        }
        return out;
    }

    private static Step step(Fields f, Object raw, int n) {
        String where = "step " + n;
        if (!(raw instanceof Map<?, ?> m)) throw f.error("steps", where + " must be a mapping ({parallel: [...]}, {agent: NAME} or {report: {...}})");
        for (Object k : m.keySet()) {
            if (!STEP_KEYS.contains(String.valueOf(k))) throw f.error("steps", where + ": unknown key '" + k + "' ("
                    + String.join(", ", STEP_KEYS.stream().sorted().toList()) + ")");
        }
        Integer budget = tokens(f, m.get("maxInputTokens"), where);
        Step.Passing passing = passing(f, m.get("passing"), where);
        int kinds = (m.containsKey("parallel") ? 1 : 0) + (m.containsKey("agent") ? 1 : 0) + (m.containsKey("report") ? 1 : 0);
        if (kinds != 1) throw f.error("steps", where + " must have exactly one of parallel, agent, report");
        if (m.containsKey("parallel")) {
            List<String> agents = names(f, m.get("parallel"), where + " parallel");
            if (agents.isEmpty() || agents.size() > MAX_PARALLEL) {
                throw f.error("steps", where + ": parallel needs 1.." + MAX_PARALLEL + " agents, got " + agents.size());
            }
            return new Step.Parallel(agents, budget, passing);
        }
        if (m.containsKey("agent")) return new Step.Sequential(name(f, m.get("agent"), where + " agent"), budget, passing);
        if (!(m.get("report") instanceof Map<?, ?> r)) throw f.error("steps", where + ": report must be a mapping with agent and sections");
        String agent = name(f, r.get("agent"), where + " report agent");
        List<String> sections = names(f, r.get("sections"), where + " report sections");
        if (sections.isEmpty() || sections.size() > MAX_SECTIONS) {
            throw f.error("steps", where + ": report needs 1.." + MAX_SECTIONS + " sections");
        }
        Object file = r.get("file");
        Integer concurrency = integer(f, r.get("concurrency"), where + " report concurrency", 1, MAX_SECTIONS);
        Integer rb = r.containsKey("maxInputTokens") ? tokens(f, r.get("maxInputTokens"), where) : budget;
        Step.Passing rp = r.containsKey("passing") ? passing(f, r.get("passing"), where) : passing;
        return new Step.Report(agent, sections, file == null || file.toString().isBlank() ? null : file.toString().strip(),
                concurrency == null ? DEFAULT_SECTION_CONCURRENCY : concurrency, rb, rp);
    }

    private static String name(Fields f, Object v, String where) {
        if (!(v instanceof String s) || !NAME.matcher(s.strip()).matches()) throw f.error("steps", where + " must be an agent name");
        return s.strip();
    }

    private static List<String> names(Fields f, Object v, String where) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            for (Object o : c) out.add(o instanceof String s ? s.strip() : String.valueOf(o));
        } else if (v instanceof String s) {
            for (String p : s.split(",")) if (!p.isBlank()) out.add(p.strip());
        } else {
            throw f.error("steps", where + " must be a list");
        }
        return out;
    }

    private static Integer tokens(Fields f, Object v, String where) {
        return integer(f, v, where + " maxInputTokens", 50, 10_000_000);
    }

    private static Integer integer(Fields f, Object v, String where, int min, int max) {
        if (v == null || v instanceof String s && s.isBlank()) return null;
        long n;
        if (v instanceof Long l) n = l;
        else if (v instanceof String s && s.strip().matches("\\d{1,9}")) n = Long.parseLong(s.strip());
        else throw f.error("steps", where + " must be a whole number, got " + v);
        if (n < min || n > max) throw f.error("steps", where + " must be within " + min + ".." + max + ", got " + n);
        return (int) n;
    }

    private static Step.Passing passing(Fields f, Object v, String where) {
        if (v == null || v.toString().isBlank()) return Step.Passing.TRUNCATE;
        return switch (v.toString().strip().toLowerCase(Locale.ROOT)) {
            case "truncate" -> Step.Passing.TRUNCATE;
            case "summarize", "summarise" -> Step.Passing.SUMMARIZE;
            default -> throw f.error("steps", where + ": passing must be truncate or summarize, got " + v);
        };
    }
}
