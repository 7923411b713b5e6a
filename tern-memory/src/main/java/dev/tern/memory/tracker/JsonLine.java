package dev.tern.memory.tracker;

import tools.jackson.databind.JsonNode;

/** Builds one compact JSON object line by hand (the tracker writes one per model call) and reads fields back. */
final class JsonLine {

    private final StringBuilder b = new StringBuilder(320).append('{');

    JsonLine put(String name, String value) {
        if (value == null) return this;
        field(name).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
        return this;
    }

    JsonLine put(String name, long value) {
        field(name).append(value);
        return this;
    }

    JsonLine put(String name, boolean value) {
        field(name).append(value);
        return this;
    }

    /** A money amount with 8 decimals (micro-cents), never in exponent form. */
    JsonLine money(String name, double usd) {
        field(name).append(new java.math.BigDecimal(usd).setScale(8, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
        return this;
    }

    private StringBuilder field(String name) {
        if (b.length() > 1) b.append(',');
        return b.append('"').append(name).append("\":");
    }

    /** The line, with its newline. */
    String end() { return b.append("}\n").toString(); }

    static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asString();
    }

    static long number(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || !v.isNumber() ? 0 : v.asLong();
    }

    static double decimal(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || !v.isNumber() ? 0 : v.asDouble();
    }
}
