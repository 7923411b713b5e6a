package dev.tern.channels;

/**
 * What a running turn tells the channel, so the person is never left without a sign of life.
 * Calls are cheap and never throw; the channel decides what its protocol can show.
 */
public interface TurnProgress {

    /** The agent is working (Telegram shows "typing…"). Channels throttle this themselves. */
    void typing();

    /** Intermediate text the model produced before its final answer (nanobot's {@code sendProgress}). */
    void progress(String text);

    /** A tool call started, e.g. {@code read_file("notes.md")} (nanobot's {@code sendToolHints}). */
    void toolHint(String hint);

    /** For turns nobody watches (cron, heartbeat). */
    TurnProgress NONE = new TurnProgress() {
        @Override public void typing() { }
        @Override public void progress(String text) { }
        @Override public void toolHint(String hint) { }
    };
}
