package dev.tern.memory.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The keyword side of memory: what goes into the FTS5 index for a text (its words, stemmed by
 * {@link Stemmer}; optionally prefixed so one table holds separate per-agent vocabularies) and the
 * {@code MATCH} expression for a query: its selective keywords, quoted (nothing can be read as FTS
 * syntax), OR-ed so bm25 ranks by how many and how rare the matching words are.
 *
 * <p>bm25 scores every row that matches any query word, so a word found in most rows ("note",
 * "user") would make a query cost a scan while adding almost nothing to the ranking. Query words are
 * therefore taken rarest first, by their document frequency in the index's vocabulary, until the rows
 * they match would exceed {@link #ROW_BUDGET}: a keyword search costs at most a few thousand rows.
 */
public final class FtsQuery {

    /** More words than this are cut (the first ones are kept): a long message is not a better query. */
    public static final int MAX_TERMS = 24;
    /** Rows the chosen words may match in total (the most selective word is always kept if it matches at all). */
    public static final long ROW_BUDGET = 600;

    private FtsQuery() { }

    /** The text as the index stores it: every word stemmed, each prefixed with {@code prefix}. */
    public static String indexText(String text, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String w : Texts.normalize(text).split(" ")) {
            if (w.isEmpty()) continue;
            if (!b.isEmpty()) b.append(' ');
            b.append(prefix).append(Stemmer.stem(w));
        }
        return b.toString();
    }

    /** The stemmed, prefixed keywords of a query (no stopwords), distinct, at most {@link #MAX_TERMS}. */
    public static List<String> terms(String text, String prefix) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : Texts.keywords(text)) {
            if (out.size() == MAX_TERMS) break;
            out.add(prefix + Stemmer.stem(w));
        }
        return List.copyOf(out);
    }

    /**
     * The share of {@code terms} (stemmed query keywords, see {@link #terms}) that {@code text} contains: a
     * keyword signal that, unlike bm25, does not fade in a small index where every word is rare.
     */
    public static double coverage(java.util.Set<String> terms, String text) {
        if (terms.isEmpty()) return 0;
        java.util.Set<String> words = new java.util.HashSet<>(List.of(indexText(text, "").split(" ")));
        int hit = 0;
        for (String t : terms) if (words.contains(t)) hit++;
        return (double) hit / terms.size();
    }

    /**
     * The MATCH expression for the terms worth searching, or null when none is: terms absent from the
     * index are dropped, the rest taken rarest first within {@link #ROW_BUDGET} rows.
     *
     * @param documentFrequency rows of the index containing a term (0 when none)
     */
    public static String match(List<String> terms, ToLongFunction<String> documentFrequency) {
        record Df(String term, long df) { }
        List<Df> known = new ArrayList<>();
        for (String t : terms) {
            long df = documentFrequency.applyAsLong(t);
            if (df > 0) known.add(new Df(t, df));
        }
        if (known.isEmpty()) return null;
        known.sort((a, b) -> Long.compare(a.df(), b.df()));   // not comparingLong: see Recall (the AOT cache)
        StringBuilder b = new StringBuilder();
        long rows = 0;
        if (known.getFirst().df() > 5 * ROW_BUDGET) return null;   // even the rarest word is too common to discriminate
        for (Df d : known) {
            if (!b.isEmpty() && rows + d.df() > ROW_BUDGET) break;
            if (!b.isEmpty()) b.append(" OR ");
            b.append('"').append(d.term().replace("\"", "")).append('"');
            rows += d.df();
        }
        return b.toString();
    }
}
