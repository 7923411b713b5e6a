package dev.tern.workspace.memory;

/**
 * A knowledge-graph triple the memory model extracted: {@code subject —relation→ object}.
 *
 * @param subject     source entity
 * @param relation    the relation ("works at")
 * @param object      target entity
 * @param subjectType the source's type (person, place, organization ...), or null
 * @param objectType  the target's type, or null
 */
public record ExtractedRelation(String subject, String relation, String object, String subjectType, String objectType) {

    public ExtractedRelation {
        if (subject == null || subject.isBlank() || relation == null || relation.isBlank() || object == null || object.isBlank()) {
            throw new IllegalArgumentException("a relation needs a subject, a relation and an object");
        }
        subject = subject.strip();
        relation = relation.strip();
        object = object.strip();
    }
}
