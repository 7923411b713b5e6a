package dev.tern.sim.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The simulator's JSON mapper and small helpers. */
public final class SimJson {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SimJson() { }

    /** @return the tree, or null when {@code body} is not JSON */
    public static JsonNode tryParse(byte[] body) {
        try {
            return body.length == 0 ? null : MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    public static byte[] bytes(JsonNode n) { return MAPPER.writeValueAsBytes(n); }

    public static String text(JsonNode n) { return MAPPER.writeValueAsString(n); }

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    /** {@code data: <json>\n\n} */
    public static byte[] sseData(JsonNode n) {
        return concat(DATA, bytes(n), END);
    }

    /** {@code event: <name>\ndata: <json>\n\n} */
    public static byte[] sseEvent(String name, JsonNode n) {
        return concat(("event: " + name + "\n").getBytes(StandardCharsets.US_ASCII), concat(DATA, bytes(n), END), new byte[0]);
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    /** A JSON string literal (with quotes) for {@code s}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** {@code data: <json text>\n\n} for JSON text built by hand. */
    public static byte[] sseData(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code event: <name>\ndata: <json text>\n\n} for JSON text built by hand. */
    public static byte[] sseEvent(String name, String json) {
        return ("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Splits text into about {@code pieces} parts (at least one char each), never inside a surrogate pair. */
    public static List<String> split(String s, int pieces) {
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) return out;
        int size = Math.max(1, (s.length() + pieces - 1) / pieces);
        int i = 0;
        while (i < s.length()) {
            int end = Math.min(s.length(), i + size);
            if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) end++;
            out.add(s.substring(i, end));
            i = end;
        }
        return out;
    }

    /** Splits answer text in pieces of about 16 characters, at most 64 pieces. */
    public static List<String> textPieces(String s) {
        return split(s, Math.min(64, Math.max(1, (s.length() + 15) / 16)));
    }

    /** Text of OpenAI/Anthropic content: a string, or the text parts of an array of blocks. */
    public static String contentText(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (content.isString()) return content.stringValue();
        if (!content.isArray()) return content.toString();
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode t = part.get("text");
            if (t != null && t.isString()) {
                if (!sb.isEmpty()) sb.append('\n');
                sb.append(t.stringValue());
            }
        }
        return sb.toString();
    }
}
