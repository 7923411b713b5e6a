package dev.tern.workspace.session;

import java.util.Locale;

/**
 * When appended lines are forced to stable storage. Every policy writes each line to the file with
 * one {@code write} before {@code append} returns, so an acknowledged line survives a crash of the
 * process (kill -9); the policies differ only in what survives a crash of the machine.
 */
public enum FsyncPolicy {
    /** fsync after every append: nothing acknowledged is lost even on power failure; slowest. */
    ALWAYS,
    /** group commit: one fsync for every session with new lines, every batch window. */
    BATCH,
    /** never fsync explicitly; the OS writes back when it likes. */
    NEVER;

    public static FsyncPolicy parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fsync policy must be always, batch or never, got '" + s + "'");
        }
    }
}
