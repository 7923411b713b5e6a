package dev.tern.tokens;

import com.knuddels.jtokkit.api.Encoding;
import java.util.Objects;

/**
 * Exact counts for OpenAI models with jtokkit's BPE encodings (o200k_base, cl100k_base). Special
 * tokens in the text ({@code <|endoftext|>}) are counted as ordinary text, as the API does for user
 * content. Thread-safe. Obtain instances from {@link Tokenizers}, which loads each encoding once.
 */
public final class TiktokenCounter implements TokenCounter {

    private final Encoding encoding;

    public TiktokenCounter(Encoding encoding) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    @Override
    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    /** The encoding's name, e.g. "o200k_base". */
    public String encodingName() { return encoding.getName(); }

    @Override
    public String toString() { return "TiktokenCounter[" + encoding.getName() + "]"; }
}
