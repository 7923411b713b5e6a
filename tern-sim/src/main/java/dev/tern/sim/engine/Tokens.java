package dev.tern.sim.engine;

import java.nio.charset.StandardCharsets;

/** Deterministic token estimates: about four characters (UTF-8 bytes) per token. */
public final class Tokens {
    private Tokens() { }

    public static int estimate(String s) {
        return s == null || s.isEmpty() ? 0 : ofBytes(s.getBytes(StandardCharsets.UTF_8).length);
    }

    public static int ofBytes(long bytes) { return (int) ((bytes + 3) / 4); }
}
