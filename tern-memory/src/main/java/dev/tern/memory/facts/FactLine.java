package dev.tern.memory.facts;

/**
 * What MEMORY.md shows of a current fact: its id, text and subject, and the subject's key ({@code Texts.nameKey}, how
 * the lines are grouped; null without a subject). Read without the rest of a {@link Fact}: a render streams every
 * current fact, and decoding all twelve columns of each was two fifths of its CPU at 94 000 facts.
 */
public record FactLine(long id, String text, String subject, String subjectKey) {

    /** The MEMORY.md section this line belongs to: its subject key, "" without one (rendered with the subject-less lines). */
    public String sectionKey() { return subjectKey == null ? "" : subjectKey; }
}
