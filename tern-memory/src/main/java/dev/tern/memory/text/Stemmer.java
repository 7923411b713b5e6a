package dev.tern.memory.text;

/**
 * A light English stemmer applied the same way when text is indexed and when a query is built
 * (plurals, -ing, -ed, a final e): "peanuts"/"peanut", "planned"/"plans"/"planning", "moved"/"move"
 * meet. Deliberately simple: Tern controls both sides of the keyword index (the FTS5 tables are
 * contentless and get stemmed words), so its vocabulary can be looked up to skip words too common to
 * discriminate (see {@link FtsQuery}).
 */
public final class Stemmer {

    private Stemmer() { }

    /** The stem of a lower-case word. */
    public static String stem(String w) {
        int n = w.length();
        if (n <= 3 || !Character.isLetter(w.charAt(n - 1))) return w;
        String s = w;
        if (s.endsWith("ies") && n > 4) s = s.substring(0, n - 3) + "y";
        else if (s.endsWith("sses")) s = s.substring(0, n - 2);
        else if (s.endsWith("es") && n > 4 && (s.endsWith("ches") || s.endsWith("shes") || s.endsWith("xes") || s.endsWith("zes"))) {
            s = s.substring(0, n - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) s = s.substring(0, n - 1);
        if (s.endsWith("ing") && s.length() > 5) s = undouble(s.substring(0, s.length() - 3));
        else if (s.endsWith("ed") && s.length() > 4) s = undouble(s.substring(0, s.length() - 2));
        if (s.endsWith("e") && s.length() > 3) s = s.substring(0, s.length() - 1);
        return s;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "lsz".indexOf(s.charAt(n - 1)) < 0 && !isVowel(s.charAt(n - 1))) {
            return s.substring(0, n - 1);
        }
        return s;
    }

    private static boolean isVowel(char c) {
        return "aeiouy".indexOf(c) >= 0;
    }
}
