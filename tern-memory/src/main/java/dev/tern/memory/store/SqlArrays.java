package dev.tern.memory.store;

import java.util.Collection;

/**
 * Sets of values bound as ONE parameter: a JSON array expanded in SQL by {@code json_each}
 * ({@code WHERE id IN (SELECT value FROM json_each(?))}), so a lookup of any number of ids is one
 * cached statement, not one statement (or one SQL text) per size.
 */
public final class SqlArrays {

    private SqlArrays() { }

    /** A JSON array of ids. */
    public static String ids(Collection<Long> ids) {
        StringBuilder b = new StringBuilder(ids.size() * 8).append('[');
        for (long id : ids) {
            if (b.length() > 1) b.append(',');
            b.append(id);
        }
        return b.append(']').toString();
    }

    /** A JSON array of strings. */
    public static String strings(Collection<String> values) {
        StringBuilder b = new StringBuilder().append('[');
        for (String v : values) {
            if (b.length() > 1) b.append(',');
            b.append('"');
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                if (ch == '"' || ch == '\\') b.append('\\').append(ch);
                else if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch));
                else b.append(ch);
            }
            b.append('"');
        }
        return b.append(']').toString();
    }
}
