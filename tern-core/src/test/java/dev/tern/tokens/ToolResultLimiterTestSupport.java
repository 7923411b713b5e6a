package dev.tern.tokens;

/** Expected-value helper kept separate from the code under test's own formatting. */
final class ToolResultLimiterTestSupport {
    private ToolResultLimiterTestSupport() { }

    static String grouped(long n) {
        String s = Long.toString(n);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && (s.length() - i) % 3 == 0) sb.append(' ');
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }
}
