package dev.tern.agent;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids: unique, short, cheap. {@code UUID.randomUUID()} draws from a SecureRandom behind a lock,
 * which showed up in profiles of thousands of concurrent runs; run ids need uniqueness, not secrecy.
 */
final class RunIds {

    private RunIds() { }

    /** 128 random bits from the thread-local generator, as 32 hex digits. */
    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return hex(r.nextLong()) + hex(r.nextLong());
    }

    private static String hex(long v) {
        String s = Long.toHexString(v);
        return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
    }
}
