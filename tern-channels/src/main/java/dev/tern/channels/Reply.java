package dev.tern.channels;

/**
 * The outcome of a turn, as a channel needs it.
 *
 * @param text  the answer to send (may be empty: nothing is sent)
 * @param error one line saying why the turn failed, or null when it did not
 */
public record Reply(String text, String error) {

    public Reply {
        text = text == null ? "" : text;
    }

    public static Reply of(String text) { return new Reply(text, null); }

    /** A turn that failed: the channel tells the person briefly and reports the reason as an event. */
    public static Reply failure(String reason) { return new Reply("", reason == null ? "turn failed" : reason); }

    public boolean failed() { return error != null; }

    public boolean hasText() { return !text.isBlank(); }
}
