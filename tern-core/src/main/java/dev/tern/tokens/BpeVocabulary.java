package dev.tern.tokens;

import java.util.regex.Pattern;

/**
 * The public byte-pair encodings of OpenAI's models: their merge ranks (the {@code .tiktoken} files jtokkit
 * ships, read from the class path) and the pattern that splits text into pieces before merging (tiktoken's,
 * as jtokkit compiles it: {@link Pattern#UNICODE_CHARACTER_CLASS}).
 */
public enum BpeVocabulary {

    /** gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4, gpt-oss. */
    O200K_BASE("o200k_base", String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+")),

    /** gpt-4, gpt-3.5, the text-embedding-3 and ada embedding models. */
    CL100K_BASE("cl100k_base", String.join("|",
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)",
            "[^\\r\\n\\p{L}\\p{N}]?\\p{L}+",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+"));

    private final String encodingName;
    private final String pattern;

    BpeVocabulary(String encodingName, String pattern) {
        this.encodingName = encodingName;
        this.pattern = pattern;
    }

    /** The encoding's name as OpenAI and jtokkit spell it, e.g. {@code o200k_base}. */
    public String encodingName() { return encodingName; }

    /** Where the merge ranks are on the class path (in jtokkit's jar). */
    String resource() { return "com/knuddels/jtokkit/" + encodingName + ".tiktoken"; }

    /** The pre-tokenization pattern, compiled anew (a {@link Pattern} is immutable and shareable). */
    Pattern pattern() { return Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS); }
}
