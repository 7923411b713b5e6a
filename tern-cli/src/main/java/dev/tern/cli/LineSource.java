package dev.tern.cli;

/** Lines typed by the user, read so that waiting for one can be cancelled (interrupting the waiting thread). */
interface LineSource {

    /** The next line, or null at end of input. @throws InterruptedException when the waiting thread is interrupted */
    String next() throws InterruptedException;

    /** Drops what was typed before now (a question must be answered after it appeared). */
    void discardPending();
}
