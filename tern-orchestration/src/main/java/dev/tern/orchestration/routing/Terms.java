package dev.tern.orchestration.routing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tokenizes text once into the set of terms keyword routing intersects: lower-case words (letters,
 * digits, and the {@code +#} of C++/C#), lightly stemmed (plural and verb endings, so "migrations" meets
 * "migration" and "testing" meets "test"), plus adjacent-word pairs for phrases ("pull request").
 * Stop words are dropped. One pass over the text: O(n).
 */
public final class Terms {

    private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with",
            "is", "are", "be", "it", "this", "that", "my", "me", "i", "we", "our", "you", "your", "please", "can", "could",
            "would", "should", "do", "does", "at", "by", "from", "as", "into", "some", "all", "any", "help", "need", "want");

    private Terms() { }

    /** The words of {@code text}, lower-cased, stemmed, stop words removed, in order. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        String t = text.toLowerCase(Locale.ROOT);
        int i = 0;
        int n = t.length();
        while (i < n) {
            while (i < n && !wordChar(t.charAt(i))) i++;
            int start = i;
            while (i < n && wordChar(t.charAt(i))) i++;
            if (i > start) {
                String w = t.substring(start, i);
                if (!STOP.contains(w)) out.add(stem(w));
            }
        }
        return out;
    }

    /** Words and adjacent pairs ({@code "pull request"}) as a set. */
    public static Set<String> of(String text) {
        List<String> w = words(text);
        Set<String> out = new HashSet<>(w.size() * 2);
        for (int i = 0; i < w.size(); i++) {
            out.add(w.get(i));
            if (i + 1 < w.size()) out.add(w.get(i) + ' ' + w.get(i + 1));
        }
        return out;
    }

    /** One keyword or phrase as a term: its stemmed words joined by one space ("" when only stop words). */
    public static String term(String keyword) { return String.join(" ", words(keyword)); }

    private static boolean wordChar(char c) { return Character.isLetterOrDigit(c) || c == '+' || c == '#'; }

    /** A light English stemmer: enough to meet plurals and -ing/-ed forms of the same word. */
    static String stem(String w) {
        int n = w.length();
        if (n <= 3) return w;
        if (w.endsWith("ies") && n > 4) return w.substring(0, n - 3) + "y";
        if (w.endsWith("sses")) return w.substring(0, n - 2);
        if (w.endsWith("ing") && n > 5) return undouble(w.substring(0, n - 3));
        if (w.endsWith("ed") && n > 4) return undouble(w.substring(0, n - 2));
        if (w.endsWith("es") && n > 4 && (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes") || w.endsWith("zes")))
            return w.substring(0, n - 2);
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.substring(0, n - 1);
        return w;
    }

    private static String undouble(String w) {
        int n = w.length();
        if (n >= 3 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0) return w.substring(0, n - 1);
        return w;
    }
}
