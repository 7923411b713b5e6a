package dev.tern.sim.engine;

/**
 * Deterministic filler text: the same seed gives the same words. Sentences of 6 to 14 words, the
 * first capitalised, ending with a period; now and then a comma.
 */
public final class Lorem {

    /** Upper bound on generated words (a typo in a length must not exhaust the heap). */
    public static final int MAX_WORDS = 200_000;

    private static final String[] WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod "
            + "tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation "
            + "ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit "
            + "esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia "
            + "deserunt mollit anim id est laborum curabitur pretium tincidunt lacus gravida orci nunc massa vitae "
            + "porta mauris viverra").split(" ");

    private Lorem() { }

    /** {@code n} words. */
    public static String words(long seed, int n) {
        return generate(seed, Math.min(Math.max(0, n), MAX_WORDS), Long.MAX_VALUE);
    }

    /** Words until the text is at least {@code tokens} tokens long ({@link Tokens#estimate}). */
    public static String tokens(long seed, int tokens) {
        return generate(seed, MAX_WORDS, Math.max(0, tokens) * 4L);
    }

    private static String generate(long seed, int maxWords, long minBytes) {
        StringBuilder sb = new StringBuilder();
        long state = seed ^ 0x9e3779b97f4a7c15L;
        int sentenceLeft = 0;
        boolean capital = true;
        for (int w = 0; w < maxWords && sb.length() < minBytes; w++) {
            state = mix(state + 0x9e3779b97f4a7c15L);
            if (sentenceLeft == 0) sentenceLeft = 6 + (int) ((state >>> 40) % 9);
            String word = WORDS[(int) ((state >>> 1) % WORDS.length)];
            if (!sb.isEmpty()) sb.append(' ');
            if (capital) {
                sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
                capital = false;
            } else sb.append(word);
            sentenceLeft--;
            boolean last = w + 1 == maxWords || sb.length() >= minBytes;
            if (sentenceLeft == 0 || last) {
                sb.append('.');
                capital = true;
                sentenceLeft = 0;
            } else if (((state >>> 20) & 15) == 0 && sentenceLeft > 2) sb.append(',');
        }
        return sb.toString();
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
