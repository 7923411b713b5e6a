package dev.tern.tokens;

import java.util.Locale;

/** Number formatting for messages users and models read. */
public final class Numbers {

    private Numbers() { }

    /** 123456 → "123 456", whatever the default locale. */
    public static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
    }
}
