package dev.tern.memory.facts;

/**
 * One subject's current facts in summary: its key ({@link FactLine#subjectKey()}, "" for the facts without a subject,
 * whose lines come first), how many there are, and the sum and the largest of their ids. Ids are never reused and a
 * current fact's text never changes in place (a change supersedes it), so any change to a subject's current facts
 * (one added, superseded or forgotten) changes its digest: what lets MEMORY.md re-render only the subjects that changed.
 */
public record SubjectDigest(String subjectKey, long count, long idSum, long maxId) {

    /** The digest of {@code line} added to this one (a section summed line by line as it is rendered). */
    public SubjectDigest plus(FactLine line) {
        return new SubjectDigest(subjectKey, count + 1, idSum + line.id(), Math.max(maxId, line.id()));
    }

    /** An empty digest for {@code subjectKey}. */
    public static SubjectDigest empty(String subjectKey) {
        return new SubjectDigest(subjectKey, 0, 0, 0);
    }
}
