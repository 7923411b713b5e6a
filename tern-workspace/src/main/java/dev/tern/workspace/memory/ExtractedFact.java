package dev.tern.workspace.memory;

/**
 * A fact the memory model extracted while consolidating.
 *
 * @param text       the fact as one sentence
 * @param subject    who or what it is about, or null
 * @param attribute  which property of the subject, or null
 * @param confidence 0..1 (1 when the model gave none)
 * @param replaces   the id of a known fact this one corrects, or null
 */
public record ExtractedFact(String text, String subject, String attribute, double confidence, Long replaces) {

    public ExtractedFact {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("a fact needs text");
        text = text.strip();
        confidence = Double.isFinite(confidence) ? Math.max(0, Math.min(1, confidence)) : 1;
    }
}
