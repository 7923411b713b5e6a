package dev.tern.memory.text;

import java.util.List;

/**
 * Turns free text into an FTS5 {@code MATCH} expression: its keywords, each quoted (so no word can be
 * read as FTS syntax), OR-ed so bm25 ranks by how many and how rare the matching words are.
 */
public final class FtsQuery {

    /** More words than this are cut (the first ones are kept): a long message is not a better query. */
    public static final int MAX_TERMS = 24;

    private FtsQuery() { }

    /** The MATCH expression, or null when the text has no keyword to search for. */
    public static String of(String text) {
        List<String> words = Texts.keywords(text);
        if (words.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (String w : words) {
            if (n++ == MAX_TERMS) break;
            if (!b.isEmpty()) b.append(" OR ");
            b.append('"').append(w.replace("\"", "")).append('"');
        }
        return b.toString();
    }

    /** The same, restricted to rows whose {@code column} contains the exact phrase {@code value}. */
    public static String within(String column, String value, String text) {
        String q = of(text);
        if (q == null) return null;
        return column + " : \"" + value.replace("\"", "") + "\" AND (" + q + ")";
    }
}
