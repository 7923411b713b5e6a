package dev.tern.json;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Parses the JSON that models emit for tool arguments, repairing the mistakes that can be repaired
 * without guessing a value: trailing and doubled commas, a missing comma between members, truncated
 * output (unclosed objects, arrays and strings at the very end), single-quoted strings, unquoted
 * keys, Python literals True/False/None, {@code ```json} fences, prose before or after one value,
 * stray closing brackets at the end, comments, raw newlines and control characters inside strings,
 * and invalid escapes like {@code \d} (kept as text). Anything else, such as a value cut off
 * mid-number or an unquoted word, fails with the position and the reason, for the model to fix.
 *
 * <p>Valid JSON takes the fast path: one strict parse, nothing else. Stateless and thread-safe.
 */
public final class JsonRepair {

    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_-]*[ \\t]*\\r?\\n?(.*?)(?:```|\\z)", Pattern.DOTALL);

    private JsonRepair() { }

    /**
     * The outcome of a repair.
     *
     * @param value   the parsed value, or null when it could not be repaired
     * @param repairs what was repaired, in order; empty for valid JSON
     * @param error   why it could not be parsed (reason, position, context), or null on success
     */
    public record Result(JsonNode value, List<String> repairs, String error) {
        public Result {
            repairs = List.copyOf(repairs);
        }

        public boolean ok() { return error == null; }

        public boolean repaired() { return ok() && !repairs.isEmpty(); }
    }

    /** Parses {@code text}, repairing it if that is safe. Never throws for bad input. */
    public static Result repair(String text) {
        if (text == null || text.isBlank()) return new Result(null, List.of(), "the JSON is empty");
        try {
            return new Result(Json.parse(text), List.of(), null);
        } catch (JacksonException strictFailure) {
            return lenient(text);
        }
    }

    /** The parsed value, repaired if needed. */
    public static JsonNode parse(String text) {
        Result r = repair(text);
        if (!r.ok()) throw new IllegalArgumentException(r.error());
        return r.value();
    }

    private static Result lenient(String original) {
        List<String> repairs = new ArrayList<>();
        String text = original;
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            String inner = fence.group(1);
            if (inner.indexOf('{') >= 0 || inner.indexOf('[') >= 0) {
                text = inner;
                repairs.add("removed the ``` code fence");
                break;
            }
        }
        String trimmed = text.stripLeading();
        int start;
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            start = text.length() - trimmed.length();
        } else {
            int brace = text.indexOf('{');
            start = brace >= 0 ? brace : text.indexOf('[');
            if (start < 0) return failure(original, text, 0, "no JSON object found", repairs);
            repairs.add("ignored the text before the JSON");
        }
        LenientParser p = new LenientParser(text, start, repairs);
        try {
            JsonNode value = p.parseValue();
            p.finish();
            return new Result(value, repairs, null);
        } catch (LenientParser.ParseError e) {
            return failure(original, text, e.position, e.getMessage(), repairs);
        }
    }

    private static Result failure(String original, String text, int pos, String reason, List<String> repairs) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        int from = Math.max(0, pos - 20);
        int to = Math.min(text.length(), pos + 20);
        String near = text.substring(from, to).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        String where = text == original || text.equals(original) ? "" : " of the extracted JSON";
        return new Result(null, repairs, "invalid JSON: " + reason + " at position " + pos + where + " (line " + line
                + ", column " + col + "), near '" + near + "'");
    }
}
