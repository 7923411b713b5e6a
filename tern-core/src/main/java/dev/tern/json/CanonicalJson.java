package dev.tern.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Canonical JSON text: object keys sorted (by UTF-16 code units, recursively), no whitespace,
 * numbers normalized ({@code 1}, {@code 1.0} and {@code 1e0} all print as {@code 1}; {@code 2.50} as
 * {@code 2.5}), strings escaped minimally. Two JSON values that mean the same thing print the same
 * bytes, so the text can be hashed into a cache key or sent as a byte-stable tool schema.
 */
public final class CanonicalJson {

    private CanonicalJson() { }

    /** The canonical text of {@code node}; a null node prints as {@code null}. */
    public static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, node);
        return sb.toString();
    }

    /** The canonical text of a Tern JSON value. */
    public static String write(JsonValue value) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, value, true);
        return sb.toString();
    }

    /** Compact JSON text of a Tern JSON value, keys in their order (numbers still normalised). */
    static String compact(JsonValue value) {
        StringBuilder sb = new StringBuilder(64);
        append(sb, value, false);
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonValue v, boolean sortKeys) {
        switch (v) {
            case null -> sb.append("null");
            case JsonNull n -> sb.append("null");
            case JsonBool b -> sb.append(b.value());
            case JsonNumber n -> sb.append(number(n.value()));
            case JsonString s -> string(sb, s.value());
            case JsonArray a -> {
                sb.append('[');
                for (int i = 0; i < a.items().size(); i++) {
                    if (i > 0) sb.append(',');
                    append(sb, a.items().get(i), sortKeys);
                }
                sb.append(']');
            }
            case JsonObject o -> {
                List<Map.Entry<String, JsonValue>> fields = new ArrayList<>(o.fields().entrySet());
                if (sortKeys) fields.sort(Map.Entry.comparingByKey());
                sb.append('{');
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) sb.append(',');
                    string(sb, fields.get(i).getKey());
                    sb.append(':');
                    append(sb, fields.get(i).getValue(), sortKeys);
                }
                sb.append('}');
            }
        }
    }

    /** Full SHA-256 of the UTF-8 bytes of {@code text}, as 64 lower-case hex digits. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void append(StringBuilder sb, JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            sb.append("null");
        } else if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.properties());
            fields.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) sb.append(',');
                string(sb, fields.get(i).getKey());
                sb.append(':');
                append(sb, fields.get(i).getValue());
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                append(sb, n.get(i));
            }
            sb.append(']');
        } else if (n.isNumber()) {
            sb.append(number(n));
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue());
        } else if (n.isString()) {
            string(sb, n.stringValue());
        } else if (n.isBinary()) {
            string(sb, n.asString());
        } else {
            string(sb, n.toString());
        }
    }

    private static String number(JsonNode n) {
        if (n.isIntegralNumber()) return n.bigIntegerValue().toString();
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) return "null";
        return number(n.decimalValue());
    }

    /** The normalised text of a number: no trailing zeros, no exponent for reasonable magnitudes. */
    static String number(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.signum() == 0) return "0";
        if (v.scale() <= 0 && v.precision() - v.scale() <= 21) return v.toBigIntegerExact().toString();
        String plain = v.toPlainString();
        return plain.length() <= 40 ? plain : v.toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
