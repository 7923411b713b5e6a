package dev.tern.memory.facts;

import java.time.Instant;
import java.util.Objects;

/**
 * A fact to store.
 *
 * @param text       the fact, one sentence (required, not blank)
 * @param subject    who or what it is about, or null
 * @param attribute  which property of the subject, or null (with a subject: a newer fact with the same
 *                   subject and attribute supersedes the older one)
 * @param confidence 0..1
 * @param source     provenance (see {@link Fact#source()})
 * @param episodeId  the episode it came from, or null
 * @param at         when it was said
 * @param vector     its embedding, or null when no embedder is configured
 * @param supersedes an explicit fact id this one replaces (the {@code remember} tool's {@code replaces}), or null
 */
public record FactDraft(String text, String subject, String attribute, double confidence, String source,
                        Long episodeId, Instant at, float[] vector, Long supersedes) {

    public FactDraft {
        text = dev.tern.memory.text.Texts.clean(text);
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("a fact needs text");
        subject = blankToNull(subject);
        attribute = blankToNull(attribute);
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be within 0..1: " + confidence);
        source = source == null || source.isBlank() ? "user" : source.strip();
        Objects.requireNonNull(at, "at");
    }

    /** A fact as the user said it: no subject/attribute, full confidence. */
    public static FactDraft said(String text, String source, Instant at) {
        return new FactDraft(text, null, null, 1.0, source, null, at, null, null);
    }

    public FactDraft withVector(float[] v) {
        return new FactDraft(text, subject, attribute, confidence, source, episodeId, at, v, supersedes);
    }

    public FactDraft withEpisode(Long e) {
        return new FactDraft(text, subject, attribute, confidence, source, e, at, vector, supersedes);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : dev.tern.memory.text.Texts.clean(s);
    }
}
