package dev.tern.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON → {@link Scenario}, with one-line error messages naming the offending field. */
final class ScenarioParser {

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private ScenarioParser() { }

    static Scenario parse(String json) {
        return scenario(tree(json));
    }

    static List<Scenario> parseAll(String json) {
        JsonNode root = tree(json);
        if (!root.isArray()) return List.of(scenario(root));
        List<Scenario> out = new ArrayList<>();
        for (JsonNode n : root) out.add(scenario(n));
        return out;
    }

    static JsonNode tree(String json) {
        if (json == null || json.isBlank()) throw new IllegalArgumentException("empty scenario JSON");
        try {
            return LENIENT.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("scenario is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static Scenario scenario(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("a scenario must be a JSON object");
        String name = str(n, "name");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("scenario needs a 'name'");
        String where = "scenario '" + name + "'";
        String contains = null;
        Pattern regex = null;
        JsonNode match = n.get("match");
        if (match != null && !match.isNull()) {
            if (!match.isObject()) throw new IllegalArgumentException(where + ": 'match' must be an object");
            contains = str(match, "userContains");
            String re = str(match, "userRegex");
            if (re != null) regex = regex(re, where + ": bad userRegex: ");
        }
        String sectionRe = str(n, "section");
        Pattern section = sectionRe == null ? null : regex(sectionRe, where + ": bad section regex: ");
        long contextWindow = 0;
        JsonNode cw = n.get("contextWindow");
        if (cw != null && !cw.isNull()) {
            if (!cw.isIntegralNumber() || cw.asLong() < 0)
                throw new IllegalArgumentException(where + ": 'contextWindow' must be a non-negative integer (tokens)");
            contextWindow = cw.asLong();
        }
        Latency latency = latency(n.get("latency"), where);
        JsonNode steps = n.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty())
            throw new IllegalArgumentException(where + ": 'steps' must be a non-empty array");
        List<Step> list = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String w = where + " step " + i;
            try {
                list.add(step(steps.get(i), w));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(w + ": " + e.getMessage());
            }
        }
        return new Scenario(name, contains, regex, latency, list, section, contextWindow);
    }

    private static Pattern regex(String re, String error) {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(error + e.getDescription());
        }
    }

    private static Step step(JsonNode s, String where) {
        if (!s.isObject()) throw new IllegalArgumentException(where + ": a step must be an object");
        List<ScriptedCall> calls = new ArrayList<>();
        JsonNode tc = s.get("toolCalls");
        if (tc != null && !tc.isNull()) {
            if (!tc.isArray()) throw new IllegalArgumentException(where + ": 'toolCalls' must be an array");
            for (int i = 0; i < tc.size(); i++) {
                JsonNode c = tc.get(i);
                String name = c == null ? null : str(c, "name");
                if (name == null || name.isBlank())
                    throw new IllegalArgumentException(where + ": toolCalls[" + i + "] needs a 'name'");
                String raw = str(c, "rawArguments");
                JsonNode args = c.get("arguments");
                String text = raw != null ? raw : args == null || args.isNull() ? "{}" : args.toString();
                calls.add(new ScriptedCall(name, text));
            }
        }
        int outputTokens = s.has("outputTokens") ? s.get("outputTokens").asInt() : 0;
        return new Step(str(s, "text"), calls, str(s, "thinking"), outputTokens,
                latency(s.get("latency"), where), fault(s.get("fault"), where));
    }

    static Latency latency(JsonNode l, String where) {
        if (l == null || l.isNull()) return Latency.INHERIT;
        if (!l.isObject()) throw new IllegalArgumentException(where + ": 'latency' must be an object");
        long ttft = l.has("ttftMs") ? l.get("ttftMs").asLong() : -1;
        long token = l.has("tokenMs") ? l.get("tokenMs").asLong() : -1;
        return new Latency(ttft, token);
    }

    static Fault fault(JsonNode f, String where) {
        if (f == null || f.isNull()) return null;
        if (!f.isObject()) throw new IllegalArgumentException(where + ": 'fault' must be an object");
        String type = str(f, "type");
        if (type == null) throw new IllegalArgumentException(where + ": fault needs a 'type'");
        JsonNode ra = f.get("retryAfter");
        String retryAfter = ra == null || ra.isNull() ? null : ra.isNumber() ? ra.asString() : ra.stringValue();
        try {
            return new Fault(Fault.Type.parse(type), f.path("status").asInt(0), retryAfter,
                    f.has("retryAfterMs") ? f.get("retryAfterMs").asLong() : -1,
                    f.path("retryAfterDate").asBoolean(false), f.path("times").asInt(0),
                    f.path("afterTokens").asInt(0), f.path("ms").asLong(0),
                    f.has("probability") ? f.get("probability").asDouble() : 1.0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isString()) throw new IllegalArgumentException("'" + field + "' must be a string");
        return v.stringValue();
    }
}
