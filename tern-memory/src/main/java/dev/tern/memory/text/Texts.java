package dev.tern.memory.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Normalisation shared by the stores: keys, content hashes, words. Pure functions. */
public final class Texts {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Set<String> ARTICLES = Set.of("the", "a", "an");

    /** English words too common to say anything about relevance (queries only; the index keeps them). */
    public static final Set<String> STOPWORDS = Set.of("a", "about", "above", "after", "again", "all", "am", "an", "and",
            "any", "are", "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by", "can",
            "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had",
            "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
            "in", "into", "is", "it", "its", "itself", "just", "know", "let", "me", "more", "most", "my", "myself",
            "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
            "out", "over", "own", "please", "same", "she", "should", "so", "some", "such", "tell", "than", "that",
            "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
            "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
            "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
            "yourselves", "also", "get", "got", "make", "may", "might", "must", "need", "us", "want", "like", "use",
            "using", "one", "two", "new", "way", "well", "really", "thing", "things", "give", "go", "going");

    private Texts() { }

    /** Lower case, accents removed, punctuation to single spaces, trimmed: the form names and texts are compared in. */
    public static String normalize(String s) {
        if (s == null) return "";
        if (isNormal(s)) return s;
        boolean ascii = true;
        for (int i = 0; i < s.length() && ascii; i++) ascii = s.charAt(i) < 128;
        if (!ascii) {
            String d = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
            return NON_WORD.matcher(d.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        }
        // ASCII (the common case): one pass, no regex
        StringBuilder b = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') c = (char) (c + 32);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
                space = false;
            } else if (!space) {
                b.append(' ');
                space = true;
            }
        }
        int n = b.length();
        if (n > 0 && b.charAt(n - 1) == ' ') b.setLength(n - 1);
        return b.toString();
    }

    /** Already lower-case letters and digits separated by single spaces (the common case for n-grams): nothing to do. */
    private static boolean isNormal(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') return n == 0;
        char prev = 'a';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == ' ' && prev != ' ');
            if (!ok) return false;
            prev = c;
        }
        return true;
    }

    /** An entity name's merge key: normalised, leading article dropped ("The Acme Corp." and "acme corp" meet). */
    public static String nameKey(String name) {
        String n = normalize(name);
        int sp = n.indexOf(' ');
        if (sp > 0 && ARTICLES.contains(n.substring(0, sp))) n = n.substring(sp + 1);
        return n;
    }

    /** 64-bit content hash (16 hex chars of SHA-256) of the normalised text: equal texts, equal hash. */
    public static String contentHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(normalize(text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The distinct words of a text, normalised, in order. */
    public static List<String> words(String text) {
        String n = normalize(text);
        if (n.isEmpty()) return List.of();
        return List.copyOf(new LinkedHashSet<>(List.of(SPACES.split(n))));
    }

    /** The words that can carry meaning in a query: no stopwords, no single letters. */
    public static List<String> keywords(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text)) if (w.length() > 1 && !STOPWORDS.contains(w)) out.add(w);
        return out;
    }

    private static final Pattern[] THIRD_PERSON = {
        Pattern.compile("(?i)\\bthe user's\\b"), Pattern.compile("(?i)\\bthe user is\\b"), Pattern.compile("(?i)\\bthe user was\\b"),
        Pattern.compile("(?i)\\bthe user has\\b"), Pattern.compile("(?i)\\bthe user\\b")};
    private static final String[] FIRST_PERSON = {"my", "I am", "I was", "I have", "I"};

    /**
     * The text a fact is embedded as: facts are written about "the user", messages are written by the
     * user ("my daughter", "I live"), and a sentence embedding compares them much better in the same
     * person. Only the vector is computed from this form; the fact is stored as written.
     */
    public static String forEmbedding(String fact) {
        String s = fact;
        for (int i = 0; i < THIRD_PERSON.length; i++) s = THIRD_PERSON[i].matcher(s).replaceAll(FIRST_PERSON[i]);
        return s;
    }

    /** Collapses whitespace and trims; null stays null. */
    public static String clean(String s) {
        return s == null ? null : SPACES.matcher(s).replaceAll(" ").strip();
    }
}
