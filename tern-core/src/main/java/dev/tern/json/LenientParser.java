package dev.tern.json;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The recursive-descent parser behind {@link JsonRepair}: forgiving only where no value is guessed. */
final class LenientParser {

    /** A parse failure at a position. Carries no stack trace: it is an answer, not a bug. */
    static final class ParseError extends RuntimeException {
        final int position;

        ParseError(int position, String reason) {
            super(reason, null, false, false);
            this.position = position;
        }
    }

    private static final int MAX_DEPTH = 512;

    private final String s;
    private final List<String> repairs;
    private final JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
    private int pos;
    private int depth;

    LenientParser(String s, int start, List<String> repairs) {
        this.s = s;
        this.pos = start;
        this.repairs = repairs;
    }

    JsonNode parseValue() {
        skipSpace();
        if (pos >= s.length()) throw new ParseError(pos, "the value is missing (the output was cut off)");
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"', '\'' -> string(true);
            default -> c == '-' || (c >= '0' && c <= '9') ? number() : word();
        };
    }

    /** After the top-level value: allows stray closers and trailing prose, not a second value. */
    void finish() {
        skipSpace();
        int strays = 0;
        while (pos < s.length() && (s.charAt(pos) == '}' || s.charAt(pos) == ']')) {
            pos++;
            strays++;
            skipSpace();
        }
        if (strays > 0) repairs.add("removed " + strays + " extra closing bracket(s) at the end");
        if (pos >= s.length()) return;
        String rest = s.substring(pos);
        if (rest.indexOf('{') >= 0 || rest.indexOf('[') >= 0) {
            throw new ParseError(pos, "more than one JSON value (send a single arguments object)");
        }
        repairs.add("ignored the text after the JSON");
    }

    private ObjectNode object() {
        enter();
        int open = pos++;
        ObjectNode obj = nodes.objectNode();
        while (true) {
            skipSpace();
            if (pos >= s.length()) return closeTruncated(obj, "object", open);
            char c = s.charAt(pos);
            if (c == '}') {
                pos++;
                depth--;
                return obj;
            }
            if (c == ',') {
                pos++;
                repairs.add("removed an extra comma at position " + (pos - 1));
                continue;
            }
            String key = key();
            skipSpace();
            if (pos >= s.length()) throw new ParseError(pos, "the value of '" + key + "' is missing (the output was cut off)");
            if (s.charAt(pos) != ':') throw new ParseError(pos, "expected ':' after the key '" + key + "', found " + describe(pos));
            pos++;
            skipSpace();
            if (pos >= s.length()) throw new ParseError(pos, "the value of '" + key + "' is missing (the output was cut off)");
            obj.set(key, parseValue());
            skipSpace();
            if (pos >= s.length()) return closeTruncated(obj, "object", open);
            c = s.charAt(pos);
            if (c == ',') {
                pos++;
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == '}') repairs.add("removed a trailing comma at position " + (pos - 1));
            } else if (c != '}') {
                if (c == '"' || c == '\'' || Character.isJavaIdentifierStart(c)) {
                    repairs.add("inserted a missing comma at position " + pos);
                } else {
                    throw new ParseError(pos, "expected ',' or '}' after the value of '" + key + "', found " + describe(pos));
                }
            }
        }
    }

    private String key() {
        char c = s.charAt(pos);
        if (c == '"' || c == '\'') {
            return string(false).asString();
        }
        if (Character.isJavaIdentifierStart(c)) {
            int start = pos;
            while (pos < s.length() && (Character.isJavaIdentifierPart(s.charAt(pos)) || s.charAt(pos) == '-')) pos++;
            String key = s.substring(start, pos);
            repairs.add("quoted the key " + key);
            return key;
        }
        throw new ParseError(pos, "expected a property name in double quotes, found " + describe(pos));
    }

    private ArrayNode array() {
        enter();
        int open = pos++;
        ArrayNode arr = nodes.arrayNode();
        while (true) {
            skipSpace();
            if (pos >= s.length()) return closeTruncated(arr, "array", open);
            char c = s.charAt(pos);
            if (c == ']') {
                pos++;
                depth--;
                return arr;
            }
            if (c == ',') {
                pos++;
                repairs.add("removed an extra comma at position " + (pos - 1));
                continue;
            }
            arr.add(parseValue());
            skipSpace();
            if (pos >= s.length()) return closeTruncated(arr, "array", open);
            c = s.charAt(pos);
            if (c == ',') {
                pos++;
                skipSpace();
                if (pos < s.length() && s.charAt(pos) == ']') repairs.add("removed a trailing comma at position " + (pos - 1));
            } else if (c != ']') {
                throw new ParseError(pos, "expected ',' or ']' in the array, found " + describe(pos));
            }
        }
    }

    private <T extends JsonNode> T closeTruncated(T node, String what, int open) {
        repairs.add("closed the " + what + " opened at position " + open + " (the output was cut off)");
        depth--;
        return node;
    }

    /** A quoted string; {@code truncatable} allows closing a string cut off by the end of the text. */
    private JsonNode string(boolean truncatable) {
        char quote = s.charAt(pos);
        int open = pos++;
        if (quote == '\'') repairs.add("converted the single-quoted string at position " + open);
        StringBuilder sb = new StringBuilder();
        boolean rawControl = false;
        while (true) {
            if (pos >= s.length()) {
                if (!truncatable) throw new ParseError(open, "a key is cut off (the output was cut off)");
                repairs.add("closed the string opened at position " + open + " (the output was cut off)");
                break;
            }
            char c = s.charAt(pos++);
            if (c == quote) break;
            if (c == '\\') {
                if (pos >= s.length()) continue; // a cut-off escape: handled as a truncated string above
                escape(sb);
            } else {
                if (c < 0x20) rawControl = true;
                sb.append(c);
            }
        }
        if (rawControl) repairs.add("escaped raw control characters (newlines, tabs) in the string at position " + open);
        return nodes.stringNode(sb.toString());
    }

    private void escape(StringBuilder sb) {
        char e = s.charAt(pos++);
        switch (e) {
            case '"', '\\', '/', '\'' -> sb.append(e);
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                if (pos + 4 > s.length()) throw new ParseError(pos - 2, "a \\u escape is cut off");
                String hex = s.substring(pos, pos + 4);
                try {
                    sb.append((char) Integer.parseInt(hex, 16));
                } catch (NumberFormatException ex) {
                    throw new ParseError(pos - 2, "invalid \\u escape '\\u" + hex + "'");
                }
                pos += 4;
            }
            default -> {
                sb.append('\\').append(e);
                repairs.add("kept the invalid escape \\" + e + " at position " + (pos - 2) + " as text");
            }
        }
    }

    private JsonNode number() {
        int start = pos;
        if (s.charAt(pos) == '-') pos++;
        while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) pos++;
        if (pos >= s.length()) {
            throw new ParseError(start, "the number at the end may be incomplete (the output was cut off)");
        }
        String text = s.substring(start, pos);
        try {
            JsonNode n = Json.parse(text);
            if (n.isNumber()) return n;
        } catch (JacksonException ignored) {
            // reported below
        }
        throw new ParseError(start, "invalid number '" + text + "'");
    }

    private JsonNode word() {
        int start = pos;
        while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) pos++;
        String w = s.substring(start, pos);
        if (w.isEmpty()) throw new ParseError(start, "unexpected " + describe(start));
        switch (w) {
            case "true": return nodes.booleanNode(true);
            case "false": return nodes.booleanNode(false);
            case "null": return nodes.nullNode();
            case "True", "False", "None":
                repairs.add("converted the Python literal " + w + " at position " + start);
                return w.equals("None") ? nodes.nullNode() : nodes.booleanNode(w.equals("True"));
            default:
                break;
        }
        if (pos >= s.length() && ("true".startsWith(w) || "false".startsWith(w) || "null".startsWith(w))) {
            throw new ParseError(start, "the value '" + w + "' is cut off (the output was cut off)");
        }
        if (w.equals("NaN") || w.equals("Infinity") || w.equals("undefined")) {
            throw new ParseError(start, w + " is not a JSON value (use null or a number)");
        }
        throw new ParseError(start, "unexpected word '" + w + "' (strings must be quoted)");
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\uFEFF') {
                pos++;
            } else if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '/') {
                int end = s.indexOf('\n', pos);
                repairs.add("removed a // comment at position " + pos);
                pos = end < 0 ? s.length() : end + 1;
            } else if (c == '/' && pos + 1 < s.length() && s.charAt(pos + 1) == '*') {
                int end = s.indexOf("*/", pos + 2);
                if (end < 0) throw new ParseError(pos, "unclosed /* comment");
                repairs.add("removed a /* comment */ at position " + pos);
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) throw new ParseError(pos, "nested deeper than " + MAX_DEPTH + " levels");
    }

    private String describe(int at) {
        if (at >= s.length()) return "the end of the text";
        char c = s.charAt(at);
        return c < 0x20 ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }
}
